/**
 * Scangate's own OSV matcher (https://ossf.github.io/osv-schema/).
 *
 * <ul>
 *   <li>Import: {@link dev.scangate.osv.OsvArchiveReader} streams an OSV {@code all.zip}, a
 *       directory or a file into {@link dev.scangate.osv.ImportedRecord}s (the parsed
 *       {@link dev.scangate.osv.OsvRecord} and its JSON, for storage) and
 *       {@link dev.scangate.osv.ImportIssue}s, one entry at a time.</li>
 *   <li>Index: {@link dev.scangate.osv.AdvisoryIndex} files each affected package under its
 *       ecosystem, release and normalized name ({@link dev.scangate.osv.OsvEcosystem},
 *       {@link dev.scangate.osv.EcosystemFamily}).</li>
 *   <li>Match: {@link dev.scangate.osv.OsvMatcher} turns cataloged packages into
 *       {@link dev.scangate.osv.OsvMatch}es by the schema's range evaluation, with one
 *       {@link dev.scangate.osv.VersionScheme} per ecosystem (dpkg, rpm, apk, Maven, npm/SemVer,
 *       PEP 440, Go).</li>
 * </ul>
 *
 * <p>Plain Java: no database, no Spring. The service stores the imported JSON and builds the
 * index from it.
 */
package dev.scangate.osv;

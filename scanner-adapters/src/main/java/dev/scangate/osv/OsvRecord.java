package dev.scangate.osv;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One OSV vulnerability record (https://ossf.github.io/osv-schema/), reduced to what matching
 * and finding reports use; the importer keeps the record's full JSON next to it
 * ({@link ImportedRecord#json()}) for storage. Made by {@link OsvRecordParser}.
 *
 * <pre>{@code
 * OsvRecord log4shell = new OsvRecordParser().parse(json);
 * log4shell.id();                // "GHSA-jfh8-c2jp-5v3q"
 * log4shell.aliases();           // [CVE-2021-44228]
 * log4shell.databaseSeverity();  // "CRITICAL" (database_specific.severity)
 * log4shell.isWithdrawn();       // false
 * }</pre>
 *
 * @param id {@code id}, e.g. {@code DSA-5474-1}
 * @param modified {@code modified}: when the record last changed
 * @param published {@code published}; null when absent or not a timestamp
 * @param withdrawn {@code withdrawn}; null unless the record was withdrawn
 * @param aliases {@code aliases}: the same vulnerability in other databases
 * @param upstream {@code upstream}: vulnerabilities this one derives from (Debian, Ubuntu, Red
 *     Hat list their CVEs here)
 * @param related {@code related}
 * @param summary {@code summary}; null when absent
 * @param severity the record-level {@code severity[]}
 * @param affected {@code affected[]}
 * @param databaseSeverity {@code database_specific.severity} when it is a string (GitHub:
 *     {@code LOW}, {@code MODERATE}, {@code HIGH}, {@code CRITICAL}); null otherwise
 * @param schemaVersion {@code schema_version}; null when absent (OSV says: read as 1.0.0)
 */
public record OsvRecord(String id, Instant modified, Instant published, Instant withdrawn,
    List<String> aliases, List<String> upstream, List<String> related, String summary,
    List<OsvSeverity> severity, List<OsvAffected> affected, String databaseSeverity,
    String schemaVersion) {

  public OsvRecord {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("an OSV record needs an id");
    }
    Objects.requireNonNull(modified, "modified");
    aliases = aliases == null ? List.of() : List.copyOf(aliases);
    upstream = upstream == null ? List.of() : List.copyOf(upstream);
    related = related == null ? List.of() : List.copyOf(related);
    severity = severity == null ? List.of() : List.copyOf(severity);
    affected = affected == null ? List.of() : List.copyOf(affected);
  }

  /** Whether OSV withdrew the record; a withdrawn record matches nothing. */
  public boolean isWithdrawn() {
    return withdrawn != null;
  }

  /** The distinct {@code affected[].package.ecosystem} strings, in order of appearance. */
  public List<String> ecosystems() {
    Set<String> ecosystems = new LinkedHashSet<>();
    for (OsvAffected entry : affected) {
      if (entry.pkg() != null) {
        ecosystems.add(entry.pkg().ecosystem());
      }
    }
    return List.copyOf(ecosystems);
  }
}

package dev.scangate.osv;

import java.util.List;

/**
 * One {@code affected[]} entry: a package and the versions of it that are vulnerable.
 *
 * <pre>{@code
 * new OsvAffected(new OsvPackage("npm", "lodash", null),
 *     List.of(new OsvRange("ECOSYSTEM", null, List.of(OsvEvent.introduced("0"),
 *         OsvEvent.fixed("4.17.21")))), List.of(), List.of());
 * }</pre>
 *
 * @param pkg {@code package}; null when the entry names none (osv.dev's CVE records describe
 *     only GIT ranges of a repository)
 * @param ranges {@code ranges[]}
 * @param versions {@code versions[]}: affected versions listed one by one
 * @param severity the entry's own {@code severity[]} (when packages differ in severity)
 */
public record OsvAffected(OsvPackage pkg, List<OsvRange> ranges, List<String> versions,
    List<OsvSeverity> severity) {

  public OsvAffected {
    ranges = ranges == null ? List.of() : List.copyOf(ranges);
    versions = versions == null ? List.of() : List.copyOf(versions);
    severity = severity == null ? List.of() : List.copyOf(severity);
  }
}

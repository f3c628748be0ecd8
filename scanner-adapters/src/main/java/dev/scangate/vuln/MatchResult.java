package dev.scangate.vuln;

import java.util.List;
import java.util.Objects;

/**
 * Everything one matcher found in one SBOM or image.
 *
 * <pre>{@code
 * MatchResult result = grype.match(MatchInput.ofSbom(sbomFile, image));
 * result.scanner().label();   // grype 0.74.0 (db 5, built 2024-01-20T01:29:26Z)
 * result.findings();          // one per (vulnerability, package) as the tool reported them
 * }</pre>
 *
 * @param scanner the matcher and its tool and database versions
 * @param findings the findings, in the tool's order
 * @param warnings things that did not stop the match but a reader should know (entries that
 *     were skipped and why); never secrets; control characters replaced by U+FFFD
 */
public record MatchResult(ScannerInfo scanner, List<Finding> findings, List<String> warnings) {

  public MatchResult {
    Objects.requireNonNull(scanner, "scanner");
    findings = List.copyOf(findings);
    warnings = warnings == null ? List.of() : List.copyOf(Identifiers.clean(warnings));
  }
}

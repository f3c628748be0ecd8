package dev.scangate.vuln;

/**
 * A plug-in that finds vulnerabilities in an SBOM (or an image): SBOM → findings. Grype, Trivy
 * and the built-in OSV matcher implement it; a tool that also catalogs implements
 * {@code Cataloger} separately. Matchers are collected into a {@link MatcherRegistry}, which
 * rejects duplicate ids.
 *
 * <p>Each matcher declares its {@link #id()}, its tool version and its database version: a
 * stored result is keyed by image digest + id + tool version + database version, so the
 * versions must describe what {@link #match} would use now.
 *
 * <pre>{@code
 * Matcher grype = new GrypeMatcher(GrypeSettings.of(Path.of("/usr/local/bin/grype")),
 *     new ProcessRunner());
 * try {
 *   MatchResult result = grype.match(MatchInput.ofSbom(sbomFile, image));
 *   store(result.scanner(), result.findings());
 * } catch (MatchException e) {
 *   recordFailure(e.scanner(), e.getMessage());   // partial failure is data
 * }
 * }</pre>
 *
 * <p>Implementations are thread-safe; they may limit how many matches run at once.
 */
public interface Matcher {

  /** A stable, lower-case id ({@code grype}, {@code trivy}, {@code osv}). */
  String id();

  /**
   * The version of the tool (or of scangate's own matcher), or null when it cannot be
   * determined.
   *
   * @throws MatchException when asking the tool failed in a way an operator must see
   */
  String toolVersion() throws MatchException;

  /**
   * The version of the vulnerability database the next {@link #match} would use, or null when it
   * cannot be determined.
   *
   * @throws MatchException when asking the tool failed in a way an operator must see
   */
  String databaseVersion() throws MatchException;

  /**
   * Id and versions together; matchers that know when their database was built override this.
   */
  default ScannerInfo info() throws MatchException {
    return new ScannerInfo(id(), toolVersion(), databaseVersion(), null);
  }

  /**
   * Finds vulnerabilities.
   *
   * @return the findings, with the scanner info of the run that produced them (taken from the
   *     tool's report where it has one)
   * @throws MatchException when the tool failed or its output was unusable, or the input lacks
   *     what this matcher needs
   */
  MatchResult match(MatchInput input) throws MatchException;
}

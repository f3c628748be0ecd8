/**
 * Vulnerability matching, independent of any tool: the normalized {@link dev.scangate.vuln.Finding}
 * every matcher produces, the {@link dev.scangate.vuln.Matcher} plug-in interface (SBOM →
 * findings) and its {@link dev.scangate.vuln.MatcherRegistry}, and the
 * {@link dev.scangate.vuln.FindingMerger} that turns the results of several matchers into one
 * {@link dev.scangate.vuln.MergedFinding} per vulnerability and package.
 *
 * <p>Adapters: {@code dev.scangate.grype}, {@code dev.scangate.trivy}; the built-in matcher:
 * {@code dev.scangate.osv}.
 */
package dev.scangate.vuln;

/**
 * The Trivy adapter: {@link dev.scangate.trivy.TrivyMatcher} runs an installed {@code trivy}
 * through the process runner, {@link dev.scangate.trivy.TrivyReportNormalizer} turns its JSON
 * report into normalized findings ({@code dev.scangate.vuln}).
 */
package dev.scangate.trivy;

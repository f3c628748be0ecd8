/**
 * The Grype adapter: {@link dev.scangate.grype.GrypeMatcher} runs an installed {@code grype}
 * through the process runner, {@link dev.scangate.grype.GrypeReportNormalizer} turns its JSON
 * report into normalized findings ({@code dev.scangate.vuln}).
 */
package dev.scangate.grype;

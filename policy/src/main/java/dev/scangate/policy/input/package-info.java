/**
 * The records a caller fills to evaluate a policy: the image, its scan, findings, SBOM,
 * attestations, the target environment and the evaluation time.
 */
package dev.scangate.policy.input;

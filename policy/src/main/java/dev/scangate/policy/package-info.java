/**
 * The policy engine: CEL rules evaluated over an image, its scan and its findings, producing an
 * explained decision. A pure library with no Spring and no IO; {@code service} feeds it records.
 */
package dev.scangate.policy;

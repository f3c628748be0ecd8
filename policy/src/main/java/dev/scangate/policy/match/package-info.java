/**
 * Pure matching primitives shared by the CEL functions and the waiver matcher: path globs,
 * package URL patterns, loose version comparison and version ranges.
 */
package dev.scangate.policy.match;

/**
 * Waivers (accepted risks with scope, owner, expiry and approval) and the pure rules that
 * decide which waiver applies to which finding.
 */
package dev.scangate.policy.waiver;

package dev.scangate.policy.waiver;

/**
 * Whether a waiver applies to a finding and, if not, the first reason why not, for showing to
 * whoever wonders why their waiver did nothing.
 *
 * <pre>{@code
 * matcher.check(waiver, finding, input) == WaiverVerdict.EXPIRED
 * }</pre>
 */
public enum WaiverVerdict {
  APPLIES,
  /** Neither the finding's id nor any of its aliases is the waiver's vulnerability. */
  OTHER_VULNERABILITY,
  /** The finding's package does not match the waiver's package URL pattern. */
  OTHER_PACKAGE,
  /** The image repository does not match the waiver's repository glob. */
  OTHER_REPOSITORY,
  /** The waiver is limited to another environment. */
  OTHER_ENVIRONMENT,
  REVOKED,
  /** The evaluation time is at or after {@code expiresAt}. */
  EXPIRED,
  /** The environment requires an approved waiver and nobody approved this one. */
  NOT_APPROVED,
  /** The environment requires an approved waiver and only its owner approved it (four eyes). */
  APPROVED_BY_OWNER
}

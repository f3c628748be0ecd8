package dev.scangate.admission;

import dev.scangate.admission.AdmissionProperties.Mode;
import java.time.Instant;
import java.util.List;

/**
 * The answer to one admission request, and why.
 *
 * @param allowed what Kubernetes is told
 * @param policyAllows whether every image passed, before mode, exemption and break-glass
 * @param code the HTTP-like status shown with a denial (403 policy, 400 unreadable object)
 * @param message the denial message, or null when allowed
 * @param warnings shown by kubectl (warn mode, at-risk promotions, break-glass)
 * @param images one verdict per distinct image
 * @param exempt whether the namespace is exempt
 * @param breakGlass the break-glass annotation that admitted the request, or null
 */
public record AdmissionDecision(String environment, Mode mode, boolean allowed,
    boolean policyAllows, int code, String message, List<String> warnings,
    List<ImageVerdict> images, boolean exempt, BreakGlass breakGlass) {

  /**
   * @param image the reference as written in the object
   * @param digest the digest checked, or null when none could be determined
   * @param allowed whether the digest is promoted to the environment
   * @param reason why not, or a note (at risk), or null
   */
  public record ImageVerdict(String image, String digest, boolean allowed, String reason) {}

  /** A valid break-glass annotation: who asked, why, until when. */
  public record BreakGlass(String reason, Instant expires) {}
}

package dev.scangate.admission;

import java.util.List;
import java.util.Map;

/**
 * What scangate needs of an {@code AdmissionReview} request.
 *
 * @param apiVersion the review's apiVersion, echoed in the response
 * @param uid {@code request.uid}, echoed in the response
 * @param kind the object's kind ({@code Pod}, {@code Deployment}, …)
 * @param namespace the request's namespace, or null for cluster-scoped objects
 * @param name the object's name, or its {@code generateName} prefix, or null
 * @param operation {@code CREATE}, {@code UPDATE}, …
 * @param dryRun whether the request must have no side effects
 * @param user who made the request ({@code userInfo.username}), or null
 * @param images the container images of the object, in document order
 * @param annotations the object's annotations (for a workload, the pod template's merged over
 *     the object's)
 * @param problem why the object could not be read (e.g. a Pod without containers), or null
 */
public record AdmissionRequest(String apiVersion, String uid, String kind, String namespace,
    String name, String operation, boolean dryRun, String user, List<ContainerImage> images,
    Map<String, String> annotations, String problem) {

  /** {@code Kind namespace/name}, for messages. */
  public String object() {
    StringBuilder s = new StringBuilder(kind == null ? "object" : kind);
    if (name != null || namespace != null) {
      s.append(' ');
      if (namespace != null) {
        s.append(namespace).append('/');
      }
      s.append(name == null ? "(unnamed)" : name);
    }
    return s.toString();
  }

  /**
   * One container's image.
   *
   * @param field {@code containers}, {@code initContainers} or {@code ephemeralContainers}
   * @param container the container's name
   * @param image the image reference as written
   */
  public record ContainerImage(String field, String container, String image) {}
}

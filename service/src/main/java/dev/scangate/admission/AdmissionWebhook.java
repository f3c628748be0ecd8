package dev.scangate.admission;

import dev.scangate.platform.ApiException;
import dev.scangate.platform.ProblemType;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * One {@code AdmissionReview} in, one out: the part of {@code POST /k8s/admission} that both the
 * main HTTP server and the {@link AdmissionListener} serve. Reads the review, asks {@link
 * AdmissionService} and writes the response with the request's apiVersion.
 */
@Component
class AdmissionWebhook {

  private final AdmissionService admission;
  private final AdmissionReviewReader reader;
  private final JsonMapper json;

  AdmissionWebhook(AdmissionService admission, JsonMapper json) {
    this.admission = admission;
    this.reader = new AdmissionReviewReader(json);
    this.json = json;
  }

  /**
   * @throws ApiException 400 when the body is not an AdmissionReview that can be answered
   */
  AdmissionRequest read(byte[] body) {
    try {
      return reader.read(body);
    } catch (MalformedAdmissionReviewException e) {
      throw new ApiException(ProblemType.INVALID_ADMISSION_REVIEW, "AdmissionReview: "
          + e.getMessage());
    }
  }

  /**
   * Whether answering may have to ask a registry (an image named by tag only): such requests
   * are answered off the listener's event loop.
   */
  boolean mayResolveTags(AdmissionRequest request) {
    for (AdmissionRequest.ContainerImage image : request.images()) {
      if (image.image().indexOf('@') < 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * The AdmissionReview answering {@code request}, as JSON.
   *
   * @param environment the webhook URL's {@code environment}, or null
   * @throws ApiException 400 when no environment is given or configured, or it is not a name
   */
  byte[] answer(AdmissionRequest request, String environment) {
    return json.writeValueAsBytes(review(request, admission.review(request, environment)));
  }

  private static Map<String, Object> review(AdmissionRequest request,
      AdmissionDecision decision) {
    Map<String, Object> response = new LinkedHashMap<>();
    response.put("uid", request.uid());
    response.put("allowed", decision.allowed());
    if (!decision.allowed()) {
      response.put("status", Map.of("code", decision.code(), "message", decision.message()));
    }
    if (!decision.warnings().isEmpty()) {
      response.put("warnings", decision.warnings());
    }
    Map<String, String> audit = new LinkedHashMap<>();
    audit.put("environment", decision.environment());
    if (!decision.policyAllows()) {
      audit.put("policy", "deny (" + decision.mode().name().toLowerCase() + " mode)");
    }
    if (decision.exempt()) {
      audit.put("exempt", "namespace " + request.namespace());
    }
    if (decision.breakGlass() != null) {
      audit.put("break-glass", decision.breakGlass().reason());
    }
    response.put("auditAnnotations", audit);
    Map<String, Object> review = new LinkedHashMap<>();
    review.put("apiVersion", request.apiVersion());
    review.put("kind", "AdmissionReview");
    review.put("response", response);
    return review;
  }
}

package dev.scangate.admission;

import dev.scangate.platform.Authority;
import dev.scangate.platform.RequiresAuthority;
import dev.scangate.platform.PublicEndpoint;
import dev.scangate.platform.ApiException;
import dev.scangate.platform.Page;
import dev.scangate.platform.ProblemType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /k8s/admission}: Kubernetes' validating admission webhook. Answers an
 * {@code AdmissionReview} with the same apiVersion; see {@link AdmissionService} for the
 * decision. {@code GET /api/v1/admission/decisions} lists the recorded decisions.
 */
@RestController
class AdmissionController {

  private final AdmissionService admission;
  private final AdmissionReviewReader reader;
  private final AdmissionDecisions decisions;

  AdmissionController(AdmissionService admission, JsonMapper json,
      AdmissionDecisions decisions) {
    this.admission = admission;
    this.reader = new AdmissionReviewReader(json);
    this.decisions = decisions;
  }

  @PublicEndpoint("Kubernetes API servers call it; they authenticate scangate by its TLS certificate and reach it over the cluster network")
  @PostMapping(path = "/k8s/admission", produces = MediaType.APPLICATION_JSON_VALUE)
  Map<String, Object> review(@RequestBody(required = false) byte[] body,
      @RequestParam(required = false) String environment) {
    AdmissionRequest request;
    try {
      request = reader.read(body);
    } catch (MalformedAdmissionReviewException e) {
      throw new ApiException(ProblemType.INVALID_ADMISSION_REVIEW, "AdmissionReview: "
          + e.getMessage());
    }
    AdmissionDecision decision = admission.review(request, environment);
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

  @RequiresAuthority(Authority.READ)
  @GetMapping("/api/v1/admission/decisions")
  Page<AdmissionDecisions.Recorded> decisions(
      @RequestParam(required = false) String environment,
      @RequestParam(required = false) Boolean allowed,
      @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
    return decisions.list(environment, allowed, page, size);
  }

  static List<String> apiVersions() {
    return List.copyOf(AdmissionReviewReader.API_VERSIONS);
  }
}

package dev.scangate.admission;

import dev.scangate.platform.Authority;
import dev.scangate.platform.RequiresAuthority;
import dev.scangate.platform.PublicEndpoint;
import dev.scangate.platform.Page;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /k8s/admission}: Kubernetes' validating admission webhook. Answers an
 * {@code AdmissionReview} with the same apiVersion; see {@link AdmissionService} for the
 * decision; {@link AdmissionListener} serves the same endpoint on a port of its own.
 * {@code GET /api/v1/admission/decisions} lists the recorded decisions.
 */
@RestController
class AdmissionController {

  private final AdmissionWebhook webhook;
  private final AdmissionDecisions decisions;

  AdmissionController(AdmissionWebhook webhook, AdmissionDecisions decisions) {
    this.webhook = webhook;
    this.decisions = decisions;
  }

  @PublicEndpoint("Kubernetes API servers call it; they authenticate scangate by its TLS certificate and reach it over the cluster network")
  @PostMapping(path = "/k8s/admission", produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<byte[]> review(@RequestBody(required = false) byte[] body,
      @RequestParam(required = false) String environment) {
    return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
        .body(webhook.answer(webhook.read(body), environment));
  }

  @RequiresAuthority(Authority.READ)
  @GetMapping("/api/v1/admission/decisions")
  Page<AdmissionDecisions.Recorded> decisions(
      @RequestParam(required = false) String environment,
      @RequestParam(required = false) Boolean allowed,
      @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
    return decisions.list(environment, allowed, page, size);
  }
}

package dev.scangate.scans;

import dev.scangate.platform.Authority;
import dev.scangate.platform.RequiresAuthority;
import jakarta.validation.Valid;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/scans")
class ScanController {

  private final ScanService scans;

  ScanController(ScanService scans) {
    this.scans = scans;
  }

  /**
   * Requests a scan. 202 with the new or joined active scan; 200 with a finished scan of the same
   * digest that is still within the reuse window.
   */
  @RequiresAuthority(Authority.SCAN)
  @PostMapping
  ResponseEntity<ScanView> submit(@Valid @RequestBody ScanRequest request) {
    ScanService.Submission submission =
        scans.submit(request.image(), request.platform(), request.priority());
    HttpStatus status = submission.outcome() == ScanService.Outcome.REUSED ? HttpStatus.OK
        : HttpStatus.ACCEPTED;
    return ResponseEntity.status(status)
        .header("Location", "/api/v1/scans/" + submission.scan().id())
        .header("Scangate-Submission", submission.outcome().name().toLowerCase())
        .body(submission.scan());
  }

  @RequiresAuthority(Authority.READ)
  @GetMapping("/{id}")
  ScanView get(@PathVariable UUID id) {
    return scans.find(id).orElseThrow(() -> ScanService.notFound(id));
  }

  @RequiresAuthority(Authority.SCAN)
  @PostMapping("/{id}/cancel")
  ScanView cancel(@PathVariable UUID id) {
    return scans.cancel(id);
  }
}

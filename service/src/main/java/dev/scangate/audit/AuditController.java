package dev.scangate.audit;

import dev.scangate.platform.ApiException;
import dev.scangate.platform.Authority;
import dev.scangate.platform.Page;
import dev.scangate.platform.ProblemType;
import dev.scangate.platform.RequiresAuthority;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The audit log: list with filters, and verify the hash chain. */
@RestController
@RequestMapping("/api/v1/audit")
class AuditController {

  private final AuditLog audit;

  AuditController(AuditLog audit) {
    this.audit = audit;
  }

  @RequiresAuthority(Authority.ADMIN)
  @GetMapping
  Page<AuditEvent> list(@RequestParam(required = false) String action,
      @RequestParam(required = false) String actor, @RequestParam(required = false) String since,
      @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
    Page.validate(page, size);
    return audit.list(new AuditLog.Query(blankToNull(action), blankToNull(actor), instant(since)),
        page, size);
  }

  /** Recomputes every hash from the first event; names the first event that does not match. */
  @RequiresAuthority(Authority.ADMIN)
  @PostMapping("/verify")
  AuditVerification verify() {
    return audit.verify();
  }

  private static Instant instant(String since) {
    if (since == null || since.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(since);
    } catch (DateTimeParseException e) {
      throw new ApiException(ProblemType.VALIDATION_FAILED, "since \"" + since + "\" is not an"
          + " ISO-8601 instant, e.g. 2026-01-31T12:00:00Z", Map.of("input", since,
          "field", "since"));
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}

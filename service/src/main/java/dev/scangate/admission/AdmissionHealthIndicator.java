package dev.scangate.admission;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * {@code admission} in {@code /actuator/health}: {@code UP} while the promoted-digest set is
 * current, {@code DEGRADED} while admission answers from the last state it read because
 * PostgreSQL cannot be reached. Degraded still serves (HTTP 200): admission keeps working.
 */
@Component("admission")
class AdmissionHealthIndicator implements HealthIndicator {

  static final Status DEGRADED = new Status("DEGRADED",
      "answering admission from the last promotions read");

  private final PromotedDigests promoted;

  AdmissionHealthIndicator(PromotedDigests promoted) {
    this.promoted = promoted;
  }

  @Override
  public Health health() {
    PromotedDigests.Health h = promoted.health();
    Health.Builder builder = h.current() ? Health.up() : Health.status(DEGRADED);
    builder.withDetail("promotions", h.promotions());
    if (h.lastRead() != null) {
      builder.withDetail("lastRead", h.lastRead().toString());
    }
    if (h.problem() != null) {
      builder.withDetail("problem", h.problem());
    }
    return builder.build();
  }
}

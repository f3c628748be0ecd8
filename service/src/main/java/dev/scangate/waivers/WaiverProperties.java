package dev.scangate.waivers;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Waivers.
 *
 * @param maxDuration the longest a waiver may run: {@code expiresAt} at most this far from its
 *     creation
 * @param approvalRequired environments where a waiver applies only once approved by someone
 *     other than its creator and owner
 */
@ConfigurationProperties("scangate.waivers")
public record WaiverProperties(Duration maxDuration, List<String> approvalRequired) {

  public WaiverProperties {
    maxDuration = maxDuration == null ? Duration.ofDays(90) : maxDuration;
    approvalRequired = approvalRequired == null ? List.of("prod") : List.copyOf(approvalRequired);
    if (maxDuration.isNegative() || maxDuration.isZero()) {
      throw new IllegalArgumentException("scangate.waivers.max-duration must be positive, got "
          + maxDuration);
    }
  }
}

package dev.scangate.scans;

import dev.scangate.image.Platform;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Scan requests.
 *
 * @param reuseWindow a request for a digest that was scanned successfully within this window gets
 *     that scan instead of a new one
 * @param defaultPlatform platform picked from a multi-platform index when the request names none
 */
@ConfigurationProperties("scangate.scans")
public record ScanProperties(Duration reuseWindow, String defaultPlatform) {

  public ScanProperties {
    reuseWindow = reuseWindow == null ? Duration.ofHours(1) : reuseWindow;
    defaultPlatform = defaultPlatform == null ? Platform.DEFAULT.toString() : defaultPlatform;
    if (reuseWindow.isNegative()) {
      throw new IllegalArgumentException("scangate.scans.reuse-window must not be negative");
    }
    Platform.parse(defaultPlatform);
  }
}

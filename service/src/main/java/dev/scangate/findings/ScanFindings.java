package dev.scangate.findings;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** What a scan's matchers found, for the scan's API shape. */
public final class ScanFindings {

  private ScanFindings() {
  }

  /**
   * Merged findings per severity ({@code low} includes negligible ones).
   */
  public record Summary(long critical, long high, long medium, long low, long unknown) {
  }

  /** A matcher that ran in the scan (or its latest re-match), with its versions. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ScannerView(String name, String version, String dbVersion, Instant dbBuiltAt,
      String status, String error, Integer findings) {
  }
}

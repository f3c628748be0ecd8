package dev.scangate.findings;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ScannerConfigurationTest {

  @Test
  void aConfiguredGrypeBinaryThatDoesNotExistStopsStartupNamingTheProperty() {
    ScannerProperties properties = new ScannerProperties(new ScannerProperties.Grype(
        Path.of("/nonexistent/grype"), null, null, null, null, null, null), null);

    assertThatThrownBy(() -> new ScannerConfiguration().matcherRegistry(null, properties))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("scangate.scanners.grype: grype binary /nonexistent/grype is"
            + " not an executable file");
  }

  @Test
  void aConfiguredTrivyBinaryThatDoesNotExistStopsStartupNamingTheProperty() {
    ScannerProperties properties = new ScannerProperties(null, new ScannerProperties.Trivy(
        Path.of("/nonexistent/trivy"), null, null, null, null, null, null));

    assertThatThrownBy(() -> new ScannerConfiguration().matcherRegistry(null, properties))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("scangate.scanners.trivy: trivy binary /nonexistent/trivy is"
            + " not an executable file");
  }
}

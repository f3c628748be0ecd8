package dev.scangate.vuln;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scangate.grype.GrypeMatcher;
import dev.scangate.grype.GrypeSettings;
import dev.scangate.process.ProcessRunner;
import dev.scangate.trivy.TrivyMatcher;
import dev.scangate.trivy.TrivySettings;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MatcherRegistryTest {

  @TempDir
  Path temp;

  @Test
  void keepsTheConfiguredOrderAndFindsMatchersById() throws Exception {
    GrypeMatcher grype = new GrypeMatcher(GrypeSettings.of(
        FakeScanner.create(temp, "grype").binary()), new ProcessRunner());
    TrivyMatcher trivy = new TrivyMatcher(TrivySettings.of(
        FakeScanner.create(temp, "trivy").binary()), new ProcessRunner());

    MatcherRegistry registry = new MatcherRegistry(List.of(trivy, grype));

    assertThat(registry.ids()).containsExactly("trivy", "grype");
    assertThat(registry.find("grype")).containsSame(grype);
    assertThat(registry.find("osv")).isEmpty();
  }

  @Test
  void rejectsTwoMatchersWithTheSameId() throws Exception {
    Path binary = FakeScanner.create(temp, "grype").binary();
    GrypeMatcher first = new GrypeMatcher(GrypeSettings.of(binary), new ProcessRunner());
    GrypeMatcher second = new GrypeMatcher(GrypeSettings.of(binary), new ProcessRunner());

    assertThatThrownBy(() -> new MatcherRegistry(List.of(first, second)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("two matchers with id 'grype': dev.scangate.grype.GrypeMatcher and"
            + " dev.scangate.grype.GrypeMatcher");
  }
}

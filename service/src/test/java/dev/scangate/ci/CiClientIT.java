package dev.scangate.ci;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scangate.support.Api;
import dev.scangate.support.ScangateIT;
import dev.scangate.support.TestRegistry;
import dev.scangate.vulndb.OsvFixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shipped CI gate {@code bin/scangate-ci} run as a pipeline runs it (bash, curl, jq) against
 * the running service with a scan+read token: its exit codes and what it prints.
 */
class CiClientIT extends ScangateIT {

  private static final Path SCRIPT = Path.of("..", "bin", "scangate-ci");

  private static boolean imported;
  private String ciToken;

  @BeforeEach
  void osvRecordsAndACiToken() {
    if (!imported) {
      Api.Response done = OsvFixtures.imported(api(), "osv.zip",
          OsvFixtures.zipOf(OsvFixtures.RECORDS));
      assertThat(done.text("/status")).as(done.body()).isEqualTo("SUCCEEDED");
      imported = true;
    }
    Api.Response created = api().post("/api/v1/tokens",
        "{\"name\":\"ci-" + System.nanoTime() + "\",\"scopes\":[\"scan\",\"read\"]}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    ciToken = created.text("/secret");
  }

  @Test
  void imageWithoutVulnerablePackagesPasses() throws Exception {
    Run run = ci("--token", ciToken, "--environment", "prod",
        TestRegistry.open() + "/scangate-test/files:1");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.stdout()).contains("policy default v1 for prod: ALLOWED")
        .contains("scangate-test/files:1 sha256:")
        .doesNotContain("DENY ");
  }

  @Test
  void log4ShellFailsTheBuildNamingTheRuleTheFindingAndTheWaiver() throws Exception {
    long evaluations = count("evaluations");
    Run run = ci("--token", ciToken, "--environment", "prod",
        TestRegistry.open() + "/scangate-test/artifacts:1");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(run.stdout()).contains("policy default v1 for prod: DENIED")
        .contains("DENY no-fixable-critical-or-high:")
        .containsPattern("critical [1-9]");
    String log4shell = run.stdout().lines()
        .filter(l -> l.startsWith("    ")
            && (l.contains("CVE-2021-44228") || l.contains("GHSA-jfh8-c2jp-5v3q")))
        .findFirst().orElseThrow(() -> new AssertionError("no Log4Shell line in " + run));
    assertThat(log4shell).contains("CRITICAL")
        .contains("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1")
        .contains("would unblock it");
    // a dry run: no evaluation recorded
    assertThat(count("evaluations")).isEqualTo(evaluations);
  }

  @Test
  void aBadTokenExitsWithTheProblemDetail() throws Exception {
    Run run = ci("--token", "sgt_not-a-token", "--environment", "prod",
        TestRegistry.open() + "/scangate-test/files:1");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
    assertThat(run.stderr()).contains("401").contains("Authentication required");
  }

  @Test
  void anUnknownEnvironmentExitsNamingItBeforeScanning() throws Exception {
    long scans = count("scans");
    Run run = ci("--token", ciToken, "--environment", "prdo",
        TestRegistry.open() + "/scangate-test/files:1");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
    assertThat(run.stderr()).contains("404 Not found").contains("\"prdo\"")
        .contains("dev, staging, prod");
    assertThat(run.stdout()).isEmpty();
    assertThat(count("scans")).isEqualTo(scans);
  }

  @Test
  void aMissingImageIsAUsageError() throws Exception {
    Run run = ci("--token", ciToken, "--environment", "prod");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
    assertThat(run.stderr()).startsWith("scangate-ci: no image given")
        .contains("--environment NAME");
    assertThat(run.stdout()).isEmpty();
  }

  // --- helpers

  record Run(int exitCode, String stdout, String stderr) {
  }

  /** Runs bin/scangate-ci against this test's server with SCANGATE_* cleared. */
  private Run ci(String... args) throws IOException, InterruptedException {
    assertThat(SCRIPT).as("the CI client script (run from the service module)").isExecutable();
    List<String> command = new ArrayList<>(List.of(SCRIPT.toString(),
        "--server", "http://127.0.0.1:" + port, "--timeout", "120"));
    command.addAll(List.of(args));
    Path out = Files.createTempFile("scangate-ci", ".out");
    Path err = Files.createTempFile("scangate-ci", ".err");
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile())
          .redirectError(err.toFile());
      builder.environment().keySet().removeIf(k -> k.startsWith("SCANGATE_"));
      Process process = builder.start();
      if (!process.waitFor(180, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("scangate-ci did not end within 180 s: " + command);
      }
      return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}

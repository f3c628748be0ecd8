package dev.scangate.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the real test executable {@code process/tool.sh} (see SOURCES.md there). */
class ProcessRunnerTest {

  private final ProcessRunner runner = new ProcessRunner();

  @TempDir
  Path temp;

  @Test
  void replaysARecordedSyftOutputIntoTheStdoutFileAndDeletesItOnClose() throws Exception {
    Path recorded = resource("/syft/syft-0.94.0-busybox-1.31.json");
    ProcessResult result = runner.run(tool("replay", recorded.toString()));
    try (result) {
      assertThat(result.exitCode()).isZero();
      assertThat(result.stdoutBytes()).isEqualTo(Files.readAllBytes(recorded));
      assertThat(result.stdoutSize()).isEqualTo(Files.size(recorded));
      assertThat(result.stdout()).startsWith(temp);
    }
    assertThat(result.stdout()).doesNotExist();
  }

  @Test
  void passesArgumentsVerbatimWithoutAShell() throws Exception {
    Path marker = temp.resolve("injected");
    try (ProcessResult result = runner.run(tool("args", "two words", "$(touch " + marker + ")",
        "*", "a;b", "registry:docker.io/library/nginx@sha256:" + "0".repeat(64)))) {
      assertThat(text(result)).isEqualTo("[two words]\n[$(touch " + marker + ")]\n[*]\n[a;b]\n"
          + "[registry:docker.io/library/nginx@sha256:" + "0".repeat(64) + "]\n");
    }
    assertThat(marker).doesNotExist();
  }

  @Test
  void killsTheToolAndItsGrandchildWhenTheTimeoutPasses() throws Exception {
    Path pids = temp.resolve("pids");
    long started = System.nanoTime();
    ProcessRunException e = catchThrowableOfType(
        () -> runner.run(tool("tree", pids.toString()).withTimeout(Duration.ofMillis(1500))),
        ProcessRunException.class);

    assertThat(e.reason()).isEqualTo(ProcessRunException.Reason.TIMEOUT);
    assertThat(e.getMessage()).startsWith("tool-sh 0.1 timed out after 1.5s and was killed");
    assertThat(e.exitCode()).isNull();
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    assertTreeIsDead(pids);
    assertThat(temp).isDirectoryNotContaining("glob:**.std*");
  }

  @Test
  void killsTheTreeWhenTheCallingThreadIsInterrupted() throws Exception {
    Path pids = temp.resolve("pids");
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    AtomicReference<Boolean> interruptKept = new AtomicReference<>();
    Thread caller = new Thread(() -> {
      try {
        runner.run(tool("tree", pids.toString()));
      } catch (Throwable t) {
        thrown.set(t);
        interruptKept.set(Thread.currentThread().isInterrupted());
      }
    });
    caller.start();
    waitFor(pids);
    caller.interrupt();
    caller.join(10_000);

    assertThat(thrown.get()).isInstanceOf(ProcessRunException.class);
    assertThat(((ProcessRunException) thrown.get()).reason())
        .isEqualTo(ProcessRunException.Reason.INTERRUPTED);
    assertThat(interruptKept.get()).isTrue();
    assertTreeIsDead(pids);
  }

  @Test
  void failureNamesToolVersionExitCodeAndKeepsTheEndOfStderr() {
    ProcessRunException e = catchThrowableOfType(
        () -> runner.run(tool("fail", "3", "2000").withStderrTailBytes(256)),
        ProcessRunException.class);

    assertThat(e.reason()).isEqualTo(ProcessRunException.Reason.EXIT_CODE);
    assertThat(e.exitCode()).isEqualTo(3);
    assertThat(e.tool()).isEqualTo("tool-sh");
    assertThat(e.toolVersion()).isEqualTo("0.1");
    assertThat(e.stderrTail()).hasSizeLessThanOrEqualTo(256)
        .endsWith("error line 2000 of 2000\n")
        .doesNotContain("error line 1 of 2000");
    assertThat(e.getMessage()).startsWith("tool-sh 0.1 exited with code 3 after ")
        .contains("; stderr (last 256 bytes): ")
        .endsWith("error line 2000 of 2000");
    assertThat(temp).isDirectoryNotContaining("glob:**.std*");
  }

  @Test
  void acceptsExitCodesTheSpecDeclaresAsSuccess() throws Exception {
    try (ProcessResult result = runner.run(tool("fail", "1", "1")
        .withSuccessExitCodes(Set.of(0, 1)))) {
      assertThat(result.exitCode()).isEqualTo(1);
      assertThat(result.stderrTail()).isEqualTo("error line 1 of 1\n");
    }
  }

  @Test
  void killsAToolThatWritesMoreThanTheStdoutLimitAndNamesTheLimit() {
    ProcessRunException e = catchThrowableOfType(
        () -> runner.run(tool("flood", String.valueOf(200L << 20)).withMaxStdoutBytes(1 << 20)),
        ProcessRunException.class);

    assertThat(e.reason()).isEqualTo(ProcessRunException.Reason.OUTPUT_LIMIT);
    assertThat(e.getMessage()).contains("more than the limit of 1048576 bytes to stdout");
    assertThat(temp).isDirectoryNotContaining("glob:**.std*");
  }

  @Test
  void outputExactlyAtTheLimitIsAccepted() throws Exception {
    try (ProcessResult result = runner.run(tool("flood", "4096").withMaxStdoutBytes(4096))) {
      assertThat(result.stdoutSize()).isEqualTo(4096);
    }
  }

  @Test
  void passesOnlyAllowedVariablesAndTheSpecsEnvironment() throws Exception {
    Optional<String> notAllowed = System.getenv().keySet().stream()
        .filter(name -> !ProcessSpec.DEFAULT_INHERITED.contains(name))
        .filter(name -> name.matches("[A-Za-z_][A-Za-z0-9_]*"))
        .filter(name -> !System.getenv(name).isEmpty())
        .findFirst();
    assumeTrue(notAllowed.isPresent(), "the JVM has an environment variable outside the list");
    assumeTrue(System.getenv("PATH") != null);

    try (ProcessResult result = runner.run(tool("env", "PATH", notAllowed.get(), "SYFT_FLAG")
        .withEnvironment(Map.of("SYFT_FLAG", "false")))) {
      assertThat(text(result).lines()).containsExactly(
          "PATH=" + System.getenv("PATH"), notAllowed.get() + "=", "SYFT_FLAG=false");
    }
  }

  @Test
  void runsInTheGivenWorkingDirectory() throws Exception {
    Path work = Files.createDirectory(temp.resolve("work"));
    try (ProcessResult result = runner.run(tool("pwd").withWorkingDirectory(work))) {
      assertThat(text(result).strip()).isEqualTo(work.toRealPath().toString());
    }
  }

  @Test
  void reportsAProgramThatCannotBeStarted() {
    Path missing = temp.resolve("no-such-syft");
    assertThatThrownBy(() -> runner.run(ProcessSpec.of("syft", List.of(missing.toString()))
        .withScratchDirectory(temp)))
        .isInstanceOfSatisfying(ProcessRunException.class, e -> {
          assertThat(e.reason()).isEqualTo(ProcessRunException.Reason.START_FAILED);
          assertThat(e.getMessage()).startsWith("syft could not be started (" + missing + ")");
        });
    assertThat(temp).isDirectoryNotContaining("glob:**.std*");
  }

  @Test
  void aToolThatExitsIsNotHeldUpByADetachedChildThatKeepsStdoutOpen() throws Exception {
    // The JDK closes the stdout pipe when the tool exits, so an orphan cannot stall the run.
    Path pidFile = temp.resolve("orphan");
    long started = System.nanoTime();
    try (ProcessResult result = runner.run(tool("orphan", pidFile.toString()))) {
      assertThat(result.exitCode()).isZero();
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    } finally {
      long pid = Long.parseLong(Files.readString(pidFile).strip());
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  private ProcessSpec tool(String... args) throws URISyntaxException {
    List<String> command = new ArrayList<>(List.of("/bin/sh", resource("/process/tool.sh")
        .toString()));
    command.addAll(List.of(args));
    return ProcessSpec.of("tool-sh", command).withToolVersion("0.1").withScratchDirectory(temp)
        .withTimeout(Duration.ofSeconds(30));
  }

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(ProcessRunnerTest.class.getResource(name).toURI());
  }

  private static String text(ProcessResult result) {
    return new String(result.stdoutBytes(), StandardCharsets.UTF_8);
  }

  private static void waitFor(Path file) throws InterruptedException {
    for (int i = 0; i < 200 && !Files.exists(file); i++) {
      Thread.sleep(50);
    }
    assertThat(file).exists();
  }

  private static void assertTreeIsDead(Path pidFile) throws IOException {
    assertThat(pidFile).as("the tool wrote its pids before it was killed").exists();
    String[] pids = Files.readString(pidFile).strip().split(" ");
    assertThat(pids).hasSize(2);
    for (String pid : pids) {
      assertThat(running(Long.parseLong(pid))).as("process %s is still running", pid).isFalse();
    }
  }

  /**
   * Whether a process runs: it exists in /proc and is not a zombie (a killed process whose parent
   * died waits as a zombie until init reaps it; it runs no code).
   */
  private static boolean running(long pid) throws IOException {
    Path stat = Path.of("/proc", String.valueOf(pid), "stat");
    if (!Files.exists(stat)) {
      return false;
    }
    String content;
    try {
      content = Files.readString(stat);
    } catch (IOException e) {
      return false;
    }
    char state = content.charAt(content.lastIndexOf(')') + 2);
    return state != 'Z' && state != 'X';
  }
}

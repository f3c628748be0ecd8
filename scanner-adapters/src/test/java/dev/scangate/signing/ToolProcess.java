package dev.scangate.signing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a real tool for an integration test: an argument list (never a shell), a timeout after
 * which the whole process tree is killed, stdout and stderr merged into a file so a chatty tool
 * cannot block on a full pipe.
 */
final class ToolProcess {

  record Result(int exitCode, String output) {
  }

  private ToolProcess() {
  }

  static Result run(List<String> command, Path workDir, Map<String, String> env,
      Duration timeout) throws IOException, InterruptedException {
    Path log = Files.createTempFile("scangate-tool", ".log");
    try {
      ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
          .redirectErrorStream(true).redirectOutput(log.toFile());
      builder.environment().putAll(env);
      Process process = builder.start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        throw new IllegalStateException(command.get(0) + " did not finish within " + timeout
            + ": " + Files.readString(log, StandardCharsets.UTF_8));
      }
      return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(log);
    }
  }
}

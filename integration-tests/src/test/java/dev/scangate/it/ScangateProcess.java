package dev.scangate.it;

import dev.scangate.support.Api;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The packaged scangate jar (or the README's start command) running as a separate process. */
final class ScangateProcess implements AutoCloseable {

  private final Process process;
  private final Path log;
  final int port;

  private ScangateProcess(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
  }

  /**
   * Starts {@code command} with {@code --server.port}, the tests' bootstrap admin token
   * ({@link Api#TEST_TOKEN}, which {@link Api} sends) and the given properties as arguments.
   */
  static ScangateProcess start(List<String> command, Map<String, String> properties,
      Map<String, String> environment, Path log) throws IOException {
    Map<String, String> withToken = new LinkedHashMap<>();
    withToken.put("scangate.bootstrap-token", Api.TEST_TOKEN);
    withToken.putAll(properties);
    return startUnconfigured(command, withToken, environment, log);
  }

  /** Starts {@code command} with only {@code --server.port} and the given properties. */
  static ScangateProcess startUnconfigured(List<String> command, Map<String, String> properties,
      Map<String, String> environment, Path log) throws IOException {
    int port = freePort();
    List<String> args = new ArrayList<>(command);
    args.add("--server.port=" + port);
    // no scheduled download of the public OSV database in tests
    args.add("--scangate.vulndb.schedule.enabled=false");
    properties.forEach((k, v) -> args.add("--" + k + "=" + v));
    ProcessBuilder builder = new ProcessBuilder(args).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("SCANGATE_"));
    builder.environment().putAll(environment);
    return new ScangateProcess(builder.start(), log, port);
  }

  static List<String> jarCommand() {
    String jar = System.getProperty("scangate.jar");
    if (jar == null || !Files.isRegularFile(Path.of(jar))) {
      throw new IllegalStateException("packaged jar not found at " + jar
          + "; run through Maven (mvn verify) so service is packaged first");
    }
    return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-jar", jar);
  }

  String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  /** Waits until {@code /actuator/health} answers UP. */
  void awaitHealthy(Duration timeout) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("scangate exited with " + process.exitValue() + ":\n" + log());
      }
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                URI.create(baseUrl() + "/actuator/health")).timeout(Duration.ofSeconds(2)).build(),
            HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200 && r.body().contains("\"UP\"")) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new AssertionError("scangate not healthy within " + timeout + ":\n" + log());
  }

  /** SIGKILL: no shutdown hooks, no lease hand-back. */
  void kill9() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** SIGTERM and wait for a graceful exit. */
  void stop() throws InterruptedException {
    process.destroy();
    process.waitFor();
  }

  String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly();
      process.waitFor();
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}

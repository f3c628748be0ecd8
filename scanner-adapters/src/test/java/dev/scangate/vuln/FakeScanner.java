package dev.scangate.vuln;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * A real executable standing in for {@code grype} or {@code trivy} (neither can be installed
 * here): a shell script that records each invocation's arguments and environment, then runs
 * {@code process/tool.sh} in the mode the test chose, for instance replaying a recorded real
 * report or failing with stderr. Version commands ({@code version}, {@code db status}) and scans
 * have separate modes, changeable between runs.
 */
public final class FakeScanner {

  private final Path directory;
  private final Path binary;

  private FakeScanner(Path directory, Path binary) {
    this.directory = directory;
    this.binary = binary;
  }

  /** Writes the script {@code directory/name}; both modes start as "fail 1 1". */
  public static FakeScanner create(Path directory, String name) throws IOException {
    Path tool;
    try {
      tool = Path.of(FakeScanner.class.getResource("/process/tool.sh").toURI());
    } catch (URISyntaxException e) {
      throw new IOException(e);
    }
    Path script = directory.resolve(name);
    Files.writeString(script, "#!/bin/sh\n"
        + "dir=" + quote(directory) + "\n"
        + "printf '%s\\n' \"$@\" >> \"$dir/args\"\n"
        + "echo -- >> \"$dir/args\"\n"
        + "env > \"$dir/env\"\n"
        + "case \"$1\" in\n"
        + "  version|db) mode=$(cat \"$dir/version-mode\") ;;\n"
        + "  *) mode=$(cat \"$dir/scan-mode\")\n"
        + "     if [ -f \"$dir/delay\" ]; then\n"
        + "       echo start >> \"$dir/log\"; sleep \"$(cat \"$dir/delay\")\"; echo end >> \"$dir/log\"\n"
        + "     fi ;;\n"
        + "esac\n"
        + "eval \"exec /bin/sh " + quote(tool).replace("\"", "\\\"") + " $mode\"\n",
        StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    FakeScanner fake = new FakeScanner(directory, script);
    fake.scanMode("fail 1 1");
    fake.versionMode("fail 1 1");
    return fake;
  }

  public Path binary() {
    return binary;
  }

  /** The tool.sh mode of scans, e.g. {@code replay /path/report.json} or {@code fail 1 3}. */
  public FakeScanner scanMode(String mode) throws IOException {
    Files.writeString(directory.resolve("scan-mode"), mode);
    return this;
  }

  /** The tool.sh mode of {@code version} and {@code db} commands. */
  public FakeScanner versionMode(String mode) throws IOException {
    Files.writeString(directory.resolve("version-mode"), mode);
    return this;
  }

  /** Makes every scan write "start", sleep, write "end" to {@link #log()}. */
  public FakeScanner delayScans(String seconds) throws IOException {
    Files.writeString(directory.resolve("delay"), seconds);
    return this;
  }

  /** The arguments of each invocation, in order. */
  public List<List<String>> invocations() throws IOException {
    List<List<String>> invocations = new ArrayList<>();
    List<String> current = new ArrayList<>();
    for (String line : Files.readAllLines(directory.resolve("args"))) {
      if (line.equals("--")) {
        invocations.add(List.copyOf(current));
        current.clear();
      } else {
        current.add(line);
      }
    }
    return invocations;
  }

  /** The environment of the last invocation, as {@code NAME=value} lines. */
  public List<String> lastEnvironment() throws IOException {
    return Files.readAllLines(directory.resolve("env"));
  }

  public List<String> log() throws IOException {
    return Files.readAllLines(directory.resolve("log"));
  }

  public static String quote(Path path) {
    return "'" + path.toString().replace("'", "'\\''") + "'";
  }
}

package dev.scangate.catalog.lang;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The module information {@code cmd/go} embeds in a binary, as {@code go version -m} prints it
 * (the format of {@code runtime/debug.BuildInfo.String}, https://go.dev/src/runtime/debug/mod.go):
 *
 * <pre>
 * path	example.com/hello
 * mod	example.com/hello	(devel)
 * dep	example.com/greeting	v1.0.0
 * =>	example.com/greeting-fork	v1.1.0	h1:G6UP…
 * build	GOARCH=amd64
 * </pre>
 *
 * @param path the main package's import path; null when not recorded
 * @param main the main module; null for a binary built outside module mode (GOPATH)
 * @param dependencies every {@code dep} in order, each with its {@code =>} replacement
 * @param settings the {@code build} key=value lines, values unquoted
 */
record GoModuleInfo(String path, Module main, List<Module> dependencies,
    Map<String, String> settings) {

  GoModuleInfo {
    dependencies = List.copyOf(dependencies);
    settings = Map.copyOf(settings);
  }

  /**
   * A module version.
   *
   * @param version e.g. {@code v1.2.3}, {@code (devel)} for a main module built from source,
   *     empty for a directory replacement
   * @param sum the {@code h1:} hash of the module zip, empty when not recorded
   * @param replacement what the {@code =>} line put in its place, null when nothing
   */
  record Module(String path, String version, String sum, Module replacement) {

    Module withReplacement(Module replacement) {
      return new Module(path, version, sum, replacement);
    }
  }

  /**
   * Parses module info text; blank lines are allowed (Go 1.18 to 1.21 print one after each
   * replacement), lines of unknown kinds are ignored for forward compatibility.
   *
   * @throws IllegalArgumentException quoting a {@code mod}, {@code dep} or {@code =>} line with
   *     the wrong number of columns, or a replacement with nothing to replace
   */
  static GoModuleInfo parse(String text) {
    String path = null;
    Module main = null;
    List<Module> dependencies = new ArrayList<>();
    Map<String, String> settings = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      int tab = line.indexOf('\t');
      String kind = tab < 0 ? line : line.substring(0, tab);
      String[] columns = tab < 0 ? new String[0] : line.substring(tab + 1).split("\t", -1);
      switch (kind) {
        case "path" -> path = columns.length > 0 ? columns[0] : null;
        case "mod" -> main = module(line, columns);
        case "dep" -> dependencies.add(module(line, columns));
        case "=>" -> {
          Module replacement = replacement(line, columns);
          if (!dependencies.isEmpty()) {
            int last = dependencies.size() - 1;
            dependencies.set(last, dependencies.get(last).withReplacement(replacement));
          } else if (main != null) {
            main = main.withReplacement(replacement);
          } else {
            throw new IllegalArgumentException("replacement without a module: '" + line + "'");
          }
        }
        case "build" -> {
          String setting = columns.length > 0 ? String.join("\t", columns) : "";
          int equals = setting.indexOf('=');
          if (equals > 0) {
            settings.put(setting.substring(0, equals), unquote(setting.substring(equals + 1)));
          }
        }
        default -> {
          // a newer Go may add kinds of lines
        }
      }
    }
    return new GoModuleInfo(path, main, dependencies, settings);
  }

  private static Module module(String line, String[] columns) {
    if (columns.length < 2 || columns.length > 3 || columns[0].isEmpty()) {
      throw new IllegalArgumentException("expected path, version and optional sum in '"
          + line + "'");
    }
    return new Module(columns[0], columns[1], columns.length == 3 ? columns[2] : "", null);
  }

  private static Module replacement(String line, String[] columns) {
    if (columns.length < 1 || columns.length > 3 || columns[0].isEmpty()) {
      throw new IllegalArgumentException("expected path, version and sum in '" + line + "'");
    }
    return new Module(columns[0], columns.length > 1 ? columns[1] : "",
        columns.length > 2 ? columns[2] : "", null);
  }

  /**
   * A build setting value is quoted with Go's {@code strconv.Quote} when it holds spaces, tabs,
   * quotes or other special characters ({@code CGO_CFLAGS="-g -O2"}).
   */
  static String unquote(String value) {
    if (value.length() < 2 || value.charAt(0) != '"' || value.charAt(value.length() - 1) != '"') {
      return value;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 1; i < value.length() - 1; i++) {
      char c = value.charAt(i);
      if (c != '\\' || i + 1 >= value.length() - 1) {
        out.append(c);
        continue;
      }
      char escape = value.charAt(++i);
      switch (escape) {
        case 'n' -> out.append('\n');
        case 't' -> out.append('\t');
        case 'r' -> out.append('\r');
        case 'a' -> out.append('\u0007');
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'v' -> out.append('\u000b');
        case 'x' -> {
          out.append((char) hex(value, i + 1, 2));
          i += 2;
        }
        case 'u' -> {
          out.append((char) hex(value, i + 1, 4));
          i += 4;
        }
        case 'U' -> {
          out.appendCodePoint(hex(value, i + 1, 8));
          i += 8;
        }
        default -> out.append(escape);
      }
    }
    return out.toString();
  }

  private static int hex(String quoted, int from, int digits) {
    if (from + digits > quoted.length() - 1) {
      throw new IllegalArgumentException("truncated escape in build setting " + quoted);
    }
    return Integer.parseInt(quoted.substring(from, from + digits), 16);
  }
}

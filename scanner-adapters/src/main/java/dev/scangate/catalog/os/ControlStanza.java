package dev.scangate.catalog.os;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One stanza (paragraph) of a Debian control-format file such as {@code /var/lib/dpkg/status}
 * (https://www.debian.org/doc/debian-policy/ch-controlfields.html#syntax-of-control-files,
 * deb822(5)): {@code Field: value} lines, continuation lines starting with a space or a tab,
 * stanzas separated by blank lines. Field names are case-insensitive.
 *
 * <pre>{@code
 * List<ControlStanza> stanzas = ControlStanza.readAll(new StringReader(
 *     "Package: bash\nVersion: 5.2.15-2+b7\n\nPackage: dash\n"));
 * stanzas.get(0).field("package"); // Optional[bash]
 * }</pre>
 *
 * @param line 1-based line number where the stanza starts
 * @param fields field values; a multi-line value keeps its lines joined by {@code \n}, each
 *     without its leading space
 * @param problem why the stanza is malformed, null when it is well-formed; a malformed stanza
 *     keeps the fields read before the problem
 */
record ControlStanza(int line, Map<String, String> fields, String problem) {

  public ControlStanza {
    TreeMap<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    copy.putAll(fields);
    fields = Collections.unmodifiableMap(copy);
  }

  /** The value of a field, trimmed; empty when the stanza lacks it. */
  public Optional<String> field(String name) {
    return Optional.ofNullable(fields.get(name)).map(String::strip);
  }

  public boolean malformed() {
    return problem != null;
  }

  /**
   * Every stanza of a control file, malformed ones included (with their {@link #problem}), so a
   * bad stanza costs only itself: the next blank line starts a fresh one.
   */
  public static List<ControlStanza> readAll(Reader text) throws IOException {
    BufferedReader lines = new BufferedReader(text);
    List<ControlStanza> stanzas = new ArrayList<>();
    TreeMap<String, String> fields = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    String current = null;
    String problem = null;
    int start = 0;
    int number = 0;
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      number++;
      if (line.isBlank()) {
        if (start != 0) {
          stanzas.add(new ControlStanza(start, fields, problem));
        }
        fields = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        current = null;
        problem = null;
        start = 0;
        continue;
      }
      if (start == 0) {
        start = number;
      }
      if (problem != null) {
        continue;
      }
      char first = line.charAt(0);
      if (first == ' ' || first == '\t') {
        if (current == null) {
          problem = "line " + number + " continues no field: " + quote(line);
        } else {
          fields.merge(current, "\n" + line.substring(1), String::concat);
        }
        continue;
      }
      int colon = line.indexOf(':');
      String name = colon < 0 ? "" : line.substring(0, colon);
      if (!validName(name)) {
        problem = "line " + number + " is not a field: " + quote(line);
        continue;
      }
      if (fields.containsKey(name)) {
        problem = "line " + number + " repeats field " + name;
        continue;
      }
      current = name;
      fields.put(name, line.substring(colon + 1).strip());
    }
    if (start != 0) {
      stanzas.add(new ControlStanza(start, fields, problem));
    }
    return stanzas;
  }

  /** Policy 5.1: printable US-ASCII except space and colon, not starting with # or -. */
  private static boolean validName(String name) {
    if (name.isEmpty() || name.charAt(0) == '#' || name.charAt(0) == '-') {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c <= ' ' || c > '~') {
        return false;
      }
    }
    return true;
  }

  static String quote(String text) {
    String shown = text.length() > 80 ? text.substring(0, 80) + "…" : text;
    StringBuilder quoted = new StringBuilder("'");
    for (int i = 0; i < shown.length(); i++) {
      char c = shown.charAt(i);
      if (c < ' ' || c == 0x7f) {
        quoted.append(String.format("\\x%02x", (int) c));
      } else {
        quoted.append(c);
      }
    }
    return quoted.append('\'').toString();
  }
}

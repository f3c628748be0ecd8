package dev.scangate.vuln;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Identifier text as scangate stores it: control characters (a NUL byte in a version string
 * reported by Grype 0.75 for a Java binary, for instance) are replaced by U+FFFD, because
 * PostgreSQL text cannot hold NUL and a terminal or log must not interpret them.
 */
final class Identifiers {

  private Identifiers() {
  }

  static String clean(String text) {
    if (text == null) {
      return null;
    }
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c)) {
        if (out == null) {
          out = new StringBuilder(text.length()).append(text, 0, i);
        }
        out.append('\uFFFD');
      } else if (out != null) {
        out.append(c);
      }
    }
    return out == null ? text : out.toString();
  }

  static List<String> clean(Collection<String> texts) {
    List<String> out = new ArrayList<>(texts.size());
    for (String text : texts) {
      out.add(clean(text));
    }
    return out;
  }
}

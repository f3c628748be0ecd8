package dev.scangate.policy.match;

import java.util.regex.Pattern;

/**
 * A path glob: {@code *} matches any run of characters except {@code /}, {@code **} matches any
 * run including {@code /}, {@code ?} matches one character except {@code /}; everything else
 * matches itself. Matching is case-sensitive and covers the whole text.
 *
 * <pre>{@code
 * Glob.parse("team-a/*").matches("team-a/api");        // true
 * Glob.parse("team-a/*").matches("team-a/sub/api");    // false
 * Glob.parse("team-a/**").matches("team-a/sub/api");   // true
 * }</pre>
 */
public final class Glob {

  private final String pattern;
  private final Pattern regex;

  private Glob(String pattern, Pattern regex) {
    this.pattern = pattern;
    this.regex = regex;
  }

  /** Parses a glob; blank globs are rejected. */
  public static Glob parse(String pattern) {
    if (pattern == null || pattern.isBlank()) {
      throw new InvalidPatternException(String.valueOf(pattern), "glob is empty", "team-a/*");
    }
    StringBuilder re = new StringBuilder();
    StringBuilder literal = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '*' || c == '?') {
        if (literal.length() > 0) {
          re.append(Pattern.quote(literal.toString()));
          literal.setLength(0);
        }
        if (c == '?') {
          re.append("[^/]");
        } else if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '*') {
          re.append(".*");
          i++;
        } else {
          re.append("[^/]*");
        }
      } else {
        literal.append(c);
      }
    }
    if (literal.length() > 0) {
      re.append(Pattern.quote(literal.toString()));
    }
    return new Glob(pattern, Pattern.compile(re.toString(), Pattern.DOTALL));
  }

  /** Whether the whole text matches. */
  public boolean matches(String text) {
    return text != null && regex.matcher(text).matches();
  }

  /** The glob as written. */
  public String pattern() {
    return pattern;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Glob && ((Glob) o).pattern.equals(pattern);
  }

  @Override
  public int hashCode() {
    return pattern.hashCode();
  }

  @Override
  public String toString() {
    return pattern;
  }
}

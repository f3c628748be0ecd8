package dev.scangate.policy.match;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A version compared the way Maven and semver mostly agree; good enough for policy thresholds,
 * not a replacement for an ecosystem's own comparator.
 *
 * <p>What it supports:
 * <ul>
 *   <li>numeric components of any length, compared as numbers: {@code 1.10 > 1.9};</li>
 *   <li>trailing zeros do not count: {@code 1.0 == 1.0.0}, {@code 1.0-rc1 == 1.0.0-rc1};</li>
 *   <li>a leading {@code v} is ignored: {@code v1.2 == 1.2};</li>
 *   <li>an epoch {@code N:} prefix (Debian, RPM) is compared first: {@code 1:1.0 > 2.0};</li>
 *   <li>pre-release qualifiers sort before the release, in Maven's order
 *       {@code dev < alpha < beta < milestone < rc (= cr, pre, preview) < snapshot < release}
 *       ({@code a}, {@code b}, {@code m} are accepted as alpha, beta, milestone); any other
 *       word after {@code -} or {@code ~} is a pre-release too, ordered alphabetically;</li>
 *   <li>{@code ga}, {@code final}, {@code release} equal the plain release:
 *       {@code 5.4.0.Final == 5.4.0};</li>
 *   <li>{@code sp}, {@code post}, {@code patch}, and any other word after {@code .}, {@code +},
 *       {@code _} or directly after a digit, are post-releases: {@code 1.0-sp1 > 1.0},
 *       {@code 2.36-9+deb12u14 > 2.36-9+deb12u3}.</li>
 * </ul>
 * Not supported: Debian's {@code ~} rule in full, RPM's tilde and caret, PEP 440 local versions
 * and semver build metadata (treated as a post-release, where semver ignores it).
 *
 * <pre>{@code
 * LooseVersion.parse("2.14.1").compareTo(LooseVersion.parse("2.17.0")) < 0;   // true
 * LooseVersion.parse("1.0.0-RC1").compareTo(LooseVersion.parse("1.0.0")) < 0; // true
 * }</pre>
 */
public final class LooseVersion implements Comparable<LooseVersion> {

  private static final Map<String, Integer> PRE_RELEASE = Map.ofEntries(
      Map.entry("alpha", 1), Map.entry("a", 1),
      Map.entry("beta", 2), Map.entry("b", 2),
      Map.entry("milestone", 3), Map.entry("m", 3),
      Map.entry("rc", 4), Map.entry("cr", 4), Map.entry("pre", 4), Map.entry("preview", 4),
      Map.entry("snapshot", 5), Map.entry("dev", 0));
  private static final List<String> RELEASE = List.of("ga", "final", "release");
  private static final List<String> POST_RELEASE = List.of("sp", "post", "patch");

  private enum Kind {
    // Order matters: a pre-release sorts before the end of a version, a post-release after,
    // and a number after both ("1.0-sp" < "1.0.1").
    PRE, END, POST, NUMBER
  }

  private record Token(Kind kind, String text, int rank) {
  }

  private static final Token END = new Token(Kind.END, "", 0);

  private final String text;
  private final long epoch;
  private final List<Token> tokens;

  private LooseVersion(String text, long epoch, List<Token> tokens) {
    this.text = text;
    this.epoch = epoch;
    this.tokens = tokens;
  }

  /** Parses a version; blank text is rejected. */
  public static LooseVersion parse(String version) {
    if (version == null || version.isBlank()) {
      throw new InvalidPatternException(String.valueOf(version), "version is empty", "2.17.1");
    }
    String s = version.trim();
    long epoch = 0;
    int colon = s.indexOf(':');
    if (colon > 0 && s.substring(0, colon).chars().allMatch(Character::isDigit)) {
      try {
        epoch = Long.parseLong(s.substring(0, colon));
      } catch (NumberFormatException e) {
        throw new InvalidPatternException(version, "epoch is too large", "1:2.36-9");
      }
      s = s.substring(colon + 1);
    }
    if (s.length() > 1 && (s.charAt(0) == 'v' || s.charAt(0) == 'V') && Character.isDigit(s.charAt(1))) {
      s = s.substring(1);
    }
    return new LooseVersion(version, epoch, normalize(tokenize(s)));
  }

  /** Compares two version strings; see the class comment for the rules. */
  public static int compare(String a, String b) {
    return parse(a).compareTo(parse(b));
  }

  @Override
  public int compareTo(LooseVersion other) {
    int c = Long.compare(epoch, other.epoch);
    if (c != 0) {
      return c;
    }
    int n = Math.max(tokens.size(), other.tokens.size());
    for (int i = 0; i < n; i++) {
      Token a = i < tokens.size() ? tokens.get(i) : END;
      Token b = i < other.tokens.size() ? other.tokens.get(i) : END;
      c = compareTokens(a, b);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LooseVersion && compareTo((LooseVersion) o) == 0;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(epoch) * 31 + tokens.hashCode();
  }

  @Override
  public String toString() {
    return text;
  }

  private static int compareTokens(Token a, Token b) {
    if (a.kind != b.kind) {
      return a.kind.compareTo(b.kind);
    }
    switch (a.kind) {
      case NUMBER:
        return compareNumbers(a.text, b.text);
      case PRE:
        return a.rank != b.rank ? Integer.compare(a.rank, b.rank) : a.text.compareTo(b.text);
      case POST:
        return a.text.compareTo(b.text);
      default:
        return 0;
    }
  }

  private static int compareNumbers(String a, String b) {
    // Leading zeros are stripped while tokenizing, so length orders first.
    return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
  }

  private static List<Token> tokenize(String s) {
    List<Token> tokens = new ArrayList<>();
    int i = 0;
    char separator = '.';
    while (i < s.length()) {
      char c = s.charAt(i);
      if (!Character.isLetterOrDigit(c)) {
        separator = c;
        i++;
        continue;
      }
      int start = i;
      boolean digits = Character.isDigit(c);
      while (i < s.length() && Character.isLetterOrDigit(s.charAt(i))
          && Character.isDigit(s.charAt(i)) == digits) {
        i++;
      }
      String part = s.substring(start, i).toLowerCase(Locale.ROOT);
      if (digits) {
        // leading zeros do not count, but a number keeps its last digit ("007" is "7", "00" is "0")
        int zeros = 0;
        while (zeros < part.length() - 1 && part.charAt(zeros) == '0') {
          zeros++;
        }
        tokens.add(new Token(Kind.NUMBER, part.substring(zeros), 0));
      } else if (RELEASE.contains(part)) {
        tokens.add(END);
      } else if (POST_RELEASE.contains(part)) {
        tokens.add(new Token(Kind.POST, part, 0));
      } else if (PRE_RELEASE.containsKey(part)) {
        tokens.add(new Token(Kind.PRE, part, PRE_RELEASE.get(part)));
      } else if (separator == '-' || separator == '~') {
        tokens.add(new Token(Kind.PRE, part, 0));
      } else {
        tokens.add(new Token(Kind.POST, part, 0));
      }
      // A word glued to a preceding digit ("1.0rc1", "deb12u3") has no separator of its own.
      separator = 0;
    }
    return tokens;
  }

  /**
   * Drops release markers and the zeros that end a run of numbers, as Maven's ComparableVersion
   * does, so that "1.0", "1.0.0" and "1.0.0.Final" compare equal.
   */
  private static List<Token> normalize(List<Token> tokens) {
    List<Token> out = new ArrayList<>();
    for (int i = 0; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      if (t.kind == Kind.END) {
        continue;
      }
      out.add(t);
      boolean runEnds = i + 1 == tokens.size() || tokens.get(i + 1).kind != Kind.NUMBER;
      if (t.kind == Kind.NUMBER && runEnds) {
        while (out.size() > 1 && isZero(out.get(out.size() - 1)) && out.get(out.size() - 2).kind == Kind.NUMBER) {
          out.remove(out.size() - 1);
        }
      }
    }
    return List.copyOf(out);
  }

  private static boolean isZero(Token t) {
    return t.kind == Kind.NUMBER && t.text.equals("0");
  }
}

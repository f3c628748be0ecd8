package dev.scangate.policy.match;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A set of versions, written either as Maven version ranges or as comparator lists; versions
 * are compared with {@link LooseVersion}.
 *
 * <ul>
 *   <li>Maven intervals (https://maven.apache.org/pom.html#Dependency_Version_Requirement_Specification):
 *       {@code [2.0,2.17.1)}, {@code (,1.0]}, {@code [1.5,)}, {@code [1.2.3]}, and unions
 *       {@code [1.0,2.0),[3.0,3.1)};</li>
 *   <li>comparators, all of which must hold: {@code >=2.0.0, <2.17.1} (commas or spaces),
 *       with {@code <, <=, >, >=, =, ==, !=}; {@code ||} separates alternatives:
 *       {@code <1.2.3 || >=2.0 <2.0.4}.</li>
 * </ul>
 *
 * <pre>{@code
 * VersionRange.parse("[2.0,2.17.1)").contains("2.14.1");   // true
 * VersionRange.parse(">=2.0, <2.17.1").contains("2.17.1"); // false
 * }</pre>
 */
public final class VersionRange {

  static final String EXAMPLE = "[2.0,2.17.1) or >=2.0, <2.17.1";
  private static final Pattern COMPARATOR = Pattern.compile("(<=|>=|==|!=|<|>|=)\\s*([^\\s,<>=!]+)");

  private interface Condition {
    boolean test(LooseVersion v);
  }

  private final String text;
  private final List<List<Condition>> alternatives;

  private VersionRange(String text, List<List<Condition>> alternatives) {
    this.text = text;
    this.alternatives = alternatives;
  }

  /** Parses a range; see the class comment for the two notations. */
  public static VersionRange parse(String range) {
    if (range == null || range.isBlank()) {
      throw new InvalidPatternException(String.valueOf(range), "version range is empty", EXAMPLE);
    }
    String s = range.trim();
    char first = s.charAt(0);
    List<List<Condition>> alternatives = first == '[' || first == '('
        ? parseIntervals(range, s) : parseComparators(range, s);
    return new VersionRange(range, List.copyOf(alternatives));
  }

  /** Whether the version lies in the range. */
  public boolean contains(String version) {
    return contains(LooseVersion.parse(version));
  }

  /** Whether the version lies in the range. */
  public boolean contains(LooseVersion version) {
    for (List<Condition> all : alternatives) {
      boolean ok = true;
      for (Condition c : all) {
        if (!c.test(version)) {
          ok = false;
          break;
        }
      }
      if (ok) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return text;
  }

  private static List<List<Condition>> parseIntervals(String input, String s) {
    List<List<Condition>> out = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      char open = s.charAt(i);
      if (open != '[' && open != '(') {
        throw new InvalidPatternException(input, "expected [ or ( at position " + (i + 1), EXAMPLE);
      }
      int close = indexOfAny(s, i + 1);
      if (close < 0) {
        throw new InvalidPatternException(input, "interval is not closed with ] or )", EXAMPLE);
      }
      String body = s.substring(i + 1, close);
      boolean lowerInclusive = open == '[';
      boolean upperInclusive = s.charAt(close) == ']';
      List<Condition> conditions = new ArrayList<>();
      int comma = body.indexOf(',');
      if (comma < 0) {
        if (!lowerInclusive || !upperInclusive || body.isBlank()) {
          throw new InvalidPatternException(input, "an exact version is written [1.2.3]", EXAMPLE);
        }
        LooseVersion exact = version(input, body);
        conditions.add(v -> v.compareTo(exact) == 0);
      } else {
        String lower = body.substring(0, comma).trim();
        String upper = body.substring(comma + 1).trim();
        if (lower.isEmpty() && upper.isEmpty()) {
          throw new InvalidPatternException(input, "an interval needs a lower or an upper bound", EXAMPLE);
        }
        if (!lower.isEmpty()) {
          LooseVersion lo = version(input, lower);
          conditions.add(lowerInclusive ? v -> v.compareTo(lo) >= 0 : v -> v.compareTo(lo) > 0);
        } else if (lowerInclusive) {
          throw new InvalidPatternException(input, "an open lower bound is written (,", EXAMPLE);
        }
        if (!upper.isEmpty()) {
          LooseVersion hi = version(input, upper);
          conditions.add(upperInclusive ? v -> v.compareTo(hi) <= 0 : v -> v.compareTo(hi) < 0);
        } else if (upperInclusive) {
          throw new InvalidPatternException(input, "an open upper bound is written ,)", EXAMPLE);
        }
      }
      out.add(List.copyOf(conditions));
      i = close + 1;
      while (i < s.length() && (s.charAt(i) == ',' || Character.isWhitespace(s.charAt(i)))) {
        i++;
      }
    }
    return out;
  }

  private static List<List<Condition>> parseComparators(String input, String s) {
    List<List<Condition>> out = new ArrayList<>();
    for (String alternative : s.split("\\|\\|", -1)) {
      String rest = alternative.trim();
      if (rest.isEmpty()) {
        throw new InvalidPatternException(input, "empty alternative around ||", EXAMPLE);
      }
      List<Condition> conditions = new ArrayList<>();
      Matcher m = COMPARATOR.matcher(rest);
      int pos = 0;
      while (pos < rest.length()) {
        char c = rest.charAt(pos);
        if (c == ',' || Character.isWhitespace(c)) {
          pos++;
          continue;
        }
        if (!m.find(pos) || m.start() != pos) {
          throw new InvalidPatternException(input,
              "expected a comparator such as >=1.0 at \"" + rest.substring(pos) + "\"", EXAMPLE);
        }
        conditions.add(condition(m.group(1), version(input, m.group(2))));
        pos = m.end();
      }
      out.add(List.copyOf(conditions));
    }
    return out;
  }

  private static Condition condition(String op, LooseVersion bound) {
    switch (op) {
      case "<":
        return v -> v.compareTo(bound) < 0;
      case "<=":
        return v -> v.compareTo(bound) <= 0;
      case ">":
        return v -> v.compareTo(bound) > 0;
      case ">=":
        return v -> v.compareTo(bound) >= 0;
      case "!=":
        return v -> v.compareTo(bound) != 0;
      default:
        return v -> v.compareTo(bound) == 0;
    }
  }

  private static LooseVersion version(String input, String text) {
    try {
      return LooseVersion.parse(text.trim());
    } catch (InvalidPatternException e) {
      throw new InvalidPatternException(input, "bound \"" + text + "\" is not a version", EXAMPLE);
    }
  }

  private static int indexOfAny(String s, int from) {
    for (int i = from; i < s.length(); i++) {
      if (s.charAt(i) == ']' || s.charAt(i) == ')') {
        return i;
      }
    }
    return -1;
  }
}

package dev.scangate.osv;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Python package version, parsed and ordered as PEP 440 says
 * (https://peps.python.org/pep-0440/): the appendix's regular expression accepts every
 * permitted spelling (case-insensitive, an optional {@code v}, {@code alpha}/{@code beta}/
 * {@code c}/{@code pre}/{@code preview}, {@code -}, {@code _} or {@code .} separators, implicit
 * numbers), and versions sort by epoch, release (trailing zeros ignored), pre-release, post
 * release, development release and local version, where within one release
 * {@code .devN < aN < bN < rcN <} final {@code < .postN}, a {@code .devN} sorts before the
 * pre- or post-release it belongs to, and a local version sorts after the same public version.
 *
 * <p>Our own code: versatile 0.7.0 has no PEP 440 ordering (its {@code PYPI} scheme falls back
 * to a generic one that sorts {@code 1.0.dev1} after {@code 1.0a1} and ignores epochs).
 */
final class Pep440Version implements ParsedVersion {

  /** PEP 440, Appendix B ("the canonical regular expression"), verbatim in meaning. */
  private static final Pattern VERSION = Pattern.compile(
      "v?"
          + "(?:(?<epoch>[0-9]+)!)?"
          + "(?<release>[0-9]+(?:\\.[0-9]+)*)"
          + "(?<pre>[-_.]?(?<preL>alpha|a|beta|b|preview|pre|c|rc)[-_.]?(?<preN>[0-9]+)?)?"
          + "(?<post>(?:-(?<postN1>[0-9]+))"
          + "|(?:[-_.]?(?<postL>post|rev|r)[-_.]?(?<postN2>[0-9]+)?))?"
          + "(?<dev>[-_.]?(?<devL>dev)[-_.]?(?<devN>[0-9]+)?)?"
          + "(?:\\+(?<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?",
      Pattern.CASE_INSENSITIVE);

  private static final int PRE_A = 0;
  private static final int PRE_B = 1;
  private static final int PRE_RC = 2;

  private final String text;
  private final String epoch;
  private final List<String> release;
  /** {@code -1} when there is no pre-release. */
  private final int preKind;
  private final String preNumber;
  private final String postNumber;
  private final String devNumber;
  private final List<String> local;

  private Pep440Version(String text, String epoch, List<String> release, int preKind,
      String preNumber, String postNumber, String devNumber, List<String> local) {
    this.text = text;
    this.epoch = epoch;
    this.release = release;
    this.preKind = preKind;
    this.preNumber = preNumber;
    this.postNumber = postNumber;
    this.devNumber = devNumber;
    this.local = local;
  }

  static Pep440Version parse(String version) {
    if (version == null) {
      throw new InvalidVersionException(VersionScheme.PEP440, "null", "no version");
    }
    Matcher m = VERSION.matcher(version.strip());
    if (!m.matches()) {
      throw new InvalidVersionException(VersionScheme.PEP440, version,
          "does not match PEP 440's version scheme");
    }
    String epoch = m.group("epoch") == null ? "0" : number(m.group("epoch"));
    List<String> release = new ArrayList<>();
    for (String part : m.group("release").split("\\.")) {
      release.add(number(part));
    }
    // trailing zeros do not count: 1.0 == 1.0.0
    while (release.size() > 1 && release.get(release.size() - 1).equals("0")) {
      release.remove(release.size() - 1);
    }
    int preKind = -1;
    String preNumber = null;
    if (m.group("pre") != null) {
      String label = m.group("preL").toLowerCase(Locale.ROOT);
      preKind = label.startsWith("a") ? PRE_A : label.startsWith("b") ? PRE_B : PRE_RC;
      preNumber = m.group("preN") == null ? "0" : number(m.group("preN"));
    }
    String postNumber = null;
    if (m.group("post") != null) {
      String n = m.group("postN1") != null ? m.group("postN1") : m.group("postN2");
      postNumber = n == null ? "0" : number(n);
    }
    String devNumber = null;
    if (m.group("dev") != null) {
      devNumber = m.group("devN") == null ? "0" : number(m.group("devN"));
    }
    List<String> local = null;
    if (m.group("local") != null) {
      local = new ArrayList<>();
      for (String part : m.group("local").toLowerCase(Locale.ROOT).split("[-_.]")) {
        local.add(isNumber(part) ? number(part) : part);
      }
    }
    return new Pep440Version(version, epoch, List.copyOf(release), preKind, preNumber,
        postNumber, devNumber, local == null ? null : List.copyOf(local));
  }

  @Override
  public String text() {
    return text;
  }

  @Override
  public int compareTo(ParsedVersion other) {
    Pep440Version that = (Pep440Version) other;
    int c = compareNumbers(epoch, that.epoch);
    if (c != 0) {
      return c;
    }
    c = compareRelease(release, that.release);
    if (c != 0) {
      return c;
    }
    c = Integer.compare(preRank(), that.preRank());
    if (c == 0 && preKind >= 0) {
      c = compareNumbers(preNumber, that.preNumber);
    }
    if (c != 0) {
      return c;
    }
    // no post-release sorts before any post-release
    c = compareOptional(postNumber, that.postNumber, -1);
    if (c != 0) {
      return c;
    }
    // no development release sorts after any development release
    c = compareOptional(devNumber, that.devNumber, 1);
    if (c != 0) {
      return c;
    }
    return compareLocal(local, that.local);
  }

  /**
   * A development release of a final version ({@code 1.0.dev1}) sorts before its pre-releases;
   * a final or post release after them (packaging's {@code _cmpkey}).
   */
  private int preRank() {
    if (preKind >= 0) {
      return preKind;
    }
    return postNumber == null && devNumber != null ? Integer.MIN_VALUE : Integer.MAX_VALUE;
  }

  /** {@code absentSign}: how an absent value compares to a present one. */
  private static int compareOptional(String a, String b, int absentSign) {
    if (a == null && b == null) {
      return 0;
    }
    if (a == null) {
      return absentSign;
    }
    if (b == null) {
      return -absentSign;
    }
    return compareNumbers(a, b);
  }

  private static int compareRelease(List<String> a, List<String> b) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int c = compareNumbers(a.get(i), b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  /**
   * No local version sorts first; segments compare numerically when both are numbers, a number
   * sorts after a string, strings compare lexically (lowercased); a longer local version wins
   * over its prefix.
   */
  private static int compareLocal(List<String> a, List<String> b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : -1) : 1;
    }
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      String x = a.get(i);
      String y = b.get(i);
      boolean xNumber = isNumber(x);
      boolean yNumber = isNumber(y);
      int c;
      if (xNumber && yNumber) {
        c = compareNumbers(x, y);
      } else if (xNumber != yNumber) {
        c = xNumber ? 1 : -1;
      } else {
        c = x.compareTo(y);
      }
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  /** Decimal digit strings without leading zeros, compared as unbounded integers. */
  static int compareNumbers(String a, String b) {
    if (a.length() != b.length()) {
      return Integer.compare(a.length(), b.length());
    }
    return a.compareTo(b);
  }

  private static String number(String digits) {
    int i = 0;
    while (i < digits.length() - 1 && digits.charAt(i) == '0') {
      i++;
    }
    return digits.substring(i);
  }

  private static boolean isNumber(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Pep440Version && compareTo((Pep440Version) o) == 0;
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(epoch, release, preKind, preNumber, postNumber, devNumber,
        local);
  }

  @Override
  public String toString() {
    return text;
  }
}

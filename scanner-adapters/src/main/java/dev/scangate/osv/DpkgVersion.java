package dev.scangate.osv;

/**
 * A Debian package version, {@code [epoch:]upstream_version[-debian_revision]}, ordered as
 * Debian Policy 5.6.12 says and dpkg implements ({@code lib/dpkg/version.c}: {@code
 * parseversion}, {@code verrevcmp}): epochs numerically; then upstream version and revision each
 * by alternating non-digit parts (letters before non-letters, {@code ~} before everything, even
 * the end of the part) and digit parts (numerically). An absent revision equals {@code 0}.
 *
 * <p>Our own code: versatile 0.7.0's {@code DebianVersion} throws a NullPointerException on
 * equal-valued pairs such as {@code 1.0} / {@code 1.0-0}, {@code 1.00} / {@code 1.0} and
 * {@code 0:1.0} / {@code 1.0}.
 *
 * <p>Like {@code dpkg --compare-versions}, characters outside Policy's set and an upstream
 * version that does not start with a digit are accepted (dpkg only warns); an empty version, an
 * empty upstream part or revision, a non-numeric epoch and embedded whitespace are rejected.
 */
record DpkgVersion(String text, long epoch, String upstream, String revision)
    implements ParsedVersion {

  static DpkgVersion parse(String version) {
    if (version == null) {
      throw new InvalidVersionException(VersionScheme.DPKG, "null", "no version");
    }
    String trimmed = version.strip();
    if (trimmed.isEmpty()) {
      throw new InvalidVersionException(VersionScheme.DPKG, version, "version string is empty");
    }
    for (int i = 0; i < trimmed.length(); i++) {
      if (Character.isWhitespace(trimmed.charAt(i))) {
        throw new InvalidVersionException(VersionScheme.DPKG, version,
            "version string has embedded spaces");
      }
    }
    long epoch = 0;
    String rest = trimmed;
    int colon = trimmed.indexOf(':');
    if (colon >= 0) {
      String epochText = trimmed.substring(0, colon);
      if (epochText.isEmpty() || !epochText.chars().allMatch(c -> c >= '0' && c <= '9')) {
        throw new InvalidVersionException(VersionScheme.DPKG, version,
            "epoch in version is not a number");
      }
      String digits = epochText.replaceFirst("^0+(?=.)", "");
      if (digits.length() > 10 || Long.parseLong(digits) > Integer.MAX_VALUE) {
        throw new InvalidVersionException(VersionScheme.DPKG, version,
            "epoch in version is too big");
      }
      epoch = Long.parseLong(digits);
      rest = trimmed.substring(colon + 1);
      if (rest.isEmpty()) {
        throw new InvalidVersionException(VersionScheme.DPKG, version,
            "nothing after colon in version number");
      }
    }
    String upstream = rest;
    String revision = "";
    int hyphen = rest.lastIndexOf('-');
    if (hyphen >= 0) {
      upstream = rest.substring(0, hyphen);
      revision = rest.substring(hyphen + 1);
      if (revision.isEmpty()) {
        throw new InvalidVersionException(VersionScheme.DPKG, version,
            "revision number is empty");
      }
    }
    if (upstream.isEmpty()) {
      throw new InvalidVersionException(VersionScheme.DPKG, version, "version number is empty");
    }
    return new DpkgVersion(version, epoch, upstream, revision);
  }

  @Override
  public int compareTo(ParsedVersion other) {
    DpkgVersion that = (DpkgVersion) other;
    int byEpoch = Long.compare(epoch, that.epoch);
    if (byEpoch != 0) {
      return byEpoch;
    }
    int byUpstream = verrevcmp(upstream, that.upstream);
    return byUpstream != 0 ? byUpstream : verrevcmp(revision, that.revision);
  }

  /**
   * Policy 5.6.12: "The lexical comparison is a comparison of ASCII values modified so that all
   * the letters sort earlier than all the non-letters and so that a tilde sorts before anything,
   * even the end of a part."
   */
  private static int order(int c) {
    if (isDigit(c)) {
      return 0;
    } else if (isAsciiLetter(c)) {
      return c;
    } else if (c == '~') {
      return -1;
    } else if (c != 0) {
      return c + 256;
    }
    return 0;
  }

  static int verrevcmp(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() || j < b.length()) {
      int firstDiff = 0;
      // the non-digit prefix of both, character by character
      while ((i < a.length() && !isDigit(a.charAt(i)))
          || (j < b.length() && !isDigit(b.charAt(j)))) {
        int ac = order(charAt(a, i));
        int bc = order(charAt(b, j));
        if (ac != bc) {
          return ac - bc;
        }
        i++;
        j++;
      }
      // the digit parts, numerically: leading zeros skipped, then the longer number wins,
      // else the first differing digit
      while (charAt(a, i) == '0') {
        i++;
      }
      while (charAt(b, j) == '0') {
        j++;
      }
      while (isDigit(charAt(a, i)) && isDigit(charAt(b, j))) {
        if (firstDiff == 0) {
          firstDiff = charAt(a, i) - charAt(b, j);
        }
        i++;
        j++;
      }
      if (isDigit(charAt(a, i))) {
        return 1;
      }
      if (isDigit(charAt(b, j))) {
        return -1;
      }
      if (firstDiff != 0) {
        return firstDiff;
      }
    }
    return 0;
  }

  private static int charAt(String s, int index) {
    return index < s.length() ? s.charAt(index) : 0;
  }

  private static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isAsciiLetter(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }
}

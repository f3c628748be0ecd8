package dev.scangate.osv;

/**
 * An Alpine package version, {@code {digit}{.digit}...{letter}{_suffix{#}}...{-r#}}, ordered as
 * apk-tools 2.x does ({@code src/version.c}: {@code get_token}, {@code next_token},
 * {@code apk_version_compare_blob}), ported token by token: numbers numerically (a component
 * after a dot that starts with {@code 0} compares by its count of leading zeros first, so
 * {@code 1.05 < 1.5}), then one lowercase letter, then suffixes where {@code _alpha < _beta <
 * _pre < _rc <} none {@code < _cvs < _svn < _git < _hg < _p}, then the {@code -r} revision.
 * A longer version wins over its prefix unless what follows is a pre-release suffix.
 *
 * <p>Consequence: the suffix belongs to the version and outranks the package revision, so
 * {@code 1.2.3-r1 < 1.2.3_p1} (apk-tools' test data: {@code 1.8.5 < 1.8.5_p2},
 * {@code 4.5_p1 < 4.5_p1-r1}).
 *
 * <p>Our own code: versatile 0.7.0 has no Alpine ordering (its {@code ALPINE} scheme falls back
 * to a generic one that sorts {@code 1.2.3_rc1} after {@code 1.2.3}). Versions apk-tools'
 * {@code apk_version_validate} rejects are rejected here.
 */
final class ApkVersion implements ParsedVersion {

  private static final int INVALID = -1;
  private static final int DIGIT_OR_ZERO = 0;
  private static final int DIGIT = 1;
  private static final int LETTER = 2;
  private static final int SUFFIX = 3;
  private static final int SUFFIX_NO = 4;
  private static final int REVISION_NO = 5;
  private static final int END = 6;

  private static final String[] PRE_SUFFIXES = {"alpha", "beta", "pre", "rc"};
  private static final String[] POST_SUFFIXES = {"cvs", "svn", "git", "hg", "p"};
  /** Longer digit runs would overflow; apk-tools' C int would too. */
  private static final int MAX_DIGITS = 18;

  private final String text;

  private ApkVersion(String text) {
    this.text = text;
  }

  static ApkVersion parse(String version) {
    if (version == null || version.isEmpty()) {
      throw new InvalidVersionException(VersionScheme.APK, String.valueOf(version),
          "version string is empty");
    }
    Cursor cursor = new Cursor(version);
    while (cursor.type != END && cursor.type != INVALID) {
      cursor.token();
    }
    if (cursor.type == INVALID) {
      throw new InvalidVersionException(VersionScheme.APK, version,
          "not an apk version at offset " + Math.min(cursor.position, version.length()));
    }
    return new ApkVersion(version);
  }

  @Override
  public String text() {
    return text;
  }

  @Override
  public int compareTo(ParsedVersion other) {
    return compare(text, ((ApkVersion) other).text);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ApkVersion && ((ApkVersion) o).text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  @Override
  public String toString() {
    return text;
  }

  /** {@code apk_version_compare_blob}. */
  static int compare(String a, String b) {
    Cursor x = new Cursor(a);
    Cursor y = new Cursor(b);
    long av = 0;
    long bv = 0;
    while (x.type == y.type && x.type != END && x.type != INVALID && av == bv) {
      av = x.token();
      bv = y.token();
    }
    // the value of the last token read differs
    if (av != bv) {
      return av < bv ? -1 : 1;
    }
    // both end (or are invalid) here
    if (x.type == y.type) {
      return 0;
    }
    // leading components are equal: the longer version is greater unless what it has more
    // is a pre-release suffix
    if (x.type == SUFFIX && x.copy().token() < 0) {
      return -1;
    }
    if (y.type == SUFFIX && y.copy().token() < 0) {
      return 1;
    }
    return x.type > y.type ? -1 : 1;
  }

  /** A position in a version string and the type of the token that starts there. */
  private static final class Cursor {

    private final String text;
    private int position;
    private int type = DIGIT;

    Cursor(String text) {
      this.text = text;
    }

    Cursor copy() {
      Cursor copy = new Cursor(text);
      copy.position = position;
      copy.type = type;
      return copy;
    }

    private int left() {
      return text.length() - position;
    }

    private char at(int offset) {
      return text.charAt(position + offset);
    }

    /** {@code get_token}: the value of the token here; advances to the next one. */
    long token() {
      int left = left();
      if (left <= 0) {
        type = END;
        return 0;
      }
      long value = 0;
      int length = 0;
      int nextType = INVALID;
      switch (type) {
        case DIGIT_OR_ZERO:
          // a run of leading zeros after a dot counts as minus its length
          if (at(0) == '0') {
            while (length < left && at(length) == '0') {
              length++;
            }
            nextType = DIGIT;
            value = -length;
            break;
          }
          // otherwise a number, as below
        case DIGIT:
        case SUFFIX_NO:
        case REVISION_NO:
          while (length < left && isDigit(at(length))) {
            if (length == MAX_DIGITS) {
              type = INVALID;
              return -1;
            }
            value = value * 10 + (at(length) - '0');
            length++;
          }
          break;
        case LETTER:
          value = at(0);
          length = 1;
          break;
        case SUFFIX:
          int suffix = match(PRE_SUFFIXES);
          if (suffix >= 0) {
            length = PRE_SUFFIXES[suffix].length();
            value = suffix - PRE_SUFFIXES.length;
            break;
          }
          suffix = match(POST_SUFFIXES);
          if (suffix >= 0) {
            length = POST_SUFFIXES[suffix].length();
            value = suffix;
            break;
          }
          type = INVALID;
          return -1;
        default:
          type = INVALID;
          return -1;
      }
      position += length;
      if (left() == 0) {
        type = END;
      } else if (nextType != INVALID) {
        type = nextType;
      } else {
        nextToken();
      }
      return value;
    }

    private int match(String[] suffixes) {
      for (int i = 0; i < suffixes.length; i++) {
        if (text.startsWith(suffixes[i], position)) {
          return i;
        }
      }
      return -1;
    }

    /** {@code next_token}: the type of the token after a separator. */
    private void nextToken() {
      int next = INVALID;
      if (left() == 0 || at(0) == 0) {
        next = END;
      } else if ((type == DIGIT || type == DIGIT_OR_ZERO) && at(0) >= 'a' && at(0) <= 'z') {
        next = LETTER;
      } else if (type == LETTER && isDigit(at(0))) {
        next = DIGIT;
      } else if (type == SUFFIX && isDigit(at(0))) {
        next = SUFFIX_NO;
      } else {
        switch (at(0)) {
          case '.':
            next = DIGIT_OR_ZERO;
            break;
          case '_':
            next = SUFFIX;
            break;
          case '-':
            if (left() > 1 && at(1) == 'r') {
              next = REVISION_NO;
              position++;
            }
            break;
          default:
            break;
        }
        position++;
      }
      // tokens only go forward: digits, letter, suffixes, revision
      if (next < type && !((next == DIGIT_OR_ZERO && type == DIGIT)
          || (next == SUFFIX && type == SUFFIX_NO)
          || (next == DIGIT && type == LETTER))) {
        next = INVALID;
      }
      type = next;
    }

    private static boolean isDigit(char c) {
      return c >= '0' && c <= '9';
    }
  }
}

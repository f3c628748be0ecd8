package dev.scangate.policy.match;

import java.util.Locale;

/**
 * A {@link Glob} over package URLs (https://github.com/package-url/purl-spec). Qualifiers
 * ({@code ?…}) and subpath ({@code #…}) of the candidate are ignored. A pattern without a version
 * matches the candidate with its version removed; a pattern with a version ({@code @…} after
 * the last {@code /}) matches the candidate including its version. The purl type is compared
 * case-insensitively, as the purl spec makes it case-insensitive; the rest is case-sensitive.
 *
 * <pre>{@code
 * PurlPattern p = PurlPattern.parse("pkg:maven/org.apache.logging.log4j/*");
 * p.matches("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1");  // true
 * p.matches("pkg:maven/org.apache.logging/log4j-core@2.14.1");        // false
 * PurlPattern.parse("pkg:npm/**").matches("pkg:npm/%40angular/core@17.0.0"); // true
 * }</pre>
 */
public final class PurlPattern {

  static final String EXAMPLE = "pkg:maven/org.apache.logging.log4j/*";

  private final String pattern;
  private final boolean withVersion;
  private final Glob glob;
  /**
   * The text from the first {@code /} up to the first {@code *} of the pattern, which every
   * matching purl has right after its own first {@code /}; null when a {@code *} comes earlier.
   * Checking it first turns most non-matching purls away without building the candidate.
   */
  private final String literalAfterType;

  private PurlPattern(String pattern, boolean withVersion, Glob glob, String literalAfterType) {
    this.pattern = pattern;
    this.withVersion = withVersion;
    this.glob = glob;
    this.literalAfterType = literalAfterType;
  }

  /** Parses a pattern; it must start with {@code pkg:} and name a type. */
  public static PurlPattern parse(String pattern) {
    if (pattern == null || !pattern.regionMatches(true, 0, "pkg:", 0, 4)) {
      throw new InvalidPatternException(String.valueOf(pattern),
          "a package URL pattern starts with pkg:", EXAMPLE);
    }
    String base = withoutQualifiersAndSubpath(pattern);
    if (base.indexOf('/') < 0 || base.indexOf('/') == 4) {
      throw new InvalidPatternException(pattern,
          "a package URL pattern names a type, as in pkg:TYPE/…", EXAMPLE);
    }
    if (!base.equals(pattern)) {
      throw new InvalidPatternException(pattern,
          "qualifiers (?…) and subpaths (#…) are not matched; leave them out", EXAMPLE);
    }
    String normalized = normalizeType(base);
    int slash = normalized.indexOf('/');
    int star = normalized.indexOf('*');
    String literalAfterType = star < 0 ? normalized.substring(slash)
        : star > slash ? normalized.substring(slash, star) : null;
    return new PurlPattern(pattern, versionSeparator(base) >= 0, Glob.parse(normalized),
        literalAfterType);
  }

  /** Whether the package URL matches; null or malformed purls never match. */
  public boolean matches(String purl) {
    if (purl == null || !purl.regionMatches(true, 0, "pkg:", 0, 4)) {
      return false;
    }
    // The candidate below is the purl cut short, with its type lowercased; lowercasing never
    // makes a '/', so the candidate's first '/' is the purl's and the text after it is the same.
    if (literalAfterType != null) {
      int slash = purl.indexOf('/');
      if (slash < 0 || !purl.startsWith(literalAfterType, slash)) {
        return false;
      }
    }
    String candidate = withoutQualifiersAndSubpath(purl);
    if (!withVersion) {
      int at = versionSeparator(candidate);
      if (at >= 0) {
        candidate = candidate.substring(0, at);
      }
    }
    return glob.matches(normalizeType(candidate));
  }

  /** The package URL without qualifiers, subpath and version: what versionless patterns see. */
  public static String withoutVersion(String purl) {
    String base = withoutQualifiersAndSubpath(purl);
    int at = versionSeparator(base);
    return at < 0 ? base : base.substring(0, at);
  }

  /** The pattern as written. */
  public String pattern() {
    return pattern;
  }

  @Override
  public String toString() {
    return pattern;
  }

  // purl-spec "How to parse": subpath is split off at '#', then qualifiers at '?', then the
  // version at the rightmost '@'. An '@' before the last '/' belongs to an unencoded npm scope.
  private static String withoutQualifiersAndSubpath(String purl) {
    int hash = purl.indexOf('#');
    String s = hash < 0 ? purl : purl.substring(0, hash);
    int question = s.indexOf('?');
    return question < 0 ? s : s.substring(0, question);
  }

  private static int versionSeparator(String base) {
    int at = base.lastIndexOf('@');
    return at > base.lastIndexOf('/') ? at : -1;
  }

  private static String normalizeType(String base) {
    int slash = base.indexOf('/');
    return slash < 0 ? base : base.substring(0, slash).toLowerCase(Locale.ROOT) + base.substring(slash);
  }
}

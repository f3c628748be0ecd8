package dev.scangate.policy;

import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import dev.scangate.policy.input.Severity;
import dev.scangate.policy.match.Glob;
import dev.scangate.policy.match.LooseVersion;
import dev.scangate.policy.match.PurlPattern;
import dev.scangate.policy.match.VersionRange;
import java.util.List;
import java.util.Optional;

/**
 * The functions scangate adds to CEL, where plain CEL is clumsy. All are global functions on
 * strings returning bool:
 * <ul>
 *   <li>{@code purl_matches(purl, pattern)}: {@link PurlPattern};</li>
 *   <li>{@code glob_matches(text, glob)}: {@link Glob};</li>
 *   <li>{@code version_lt(a, b)}: {@code a < b} by {@link LooseVersion};</li>
 *   <li>{@code version_in(version, range)}: {@link VersionRange};</li>
 *   <li>{@code severity_at_least(severity, threshold)}: by {@link Severity} order.</li>
 * </ul>
 * When a pattern, range or threshold argument is a literal, it is checked when the rule is
 * compiled; at run time a bad argument is an evaluation error (the rule's outcome is ERROR).
 * Parsed patterns and ranges are cached per instance.
 */
final class PolicyFunctions {

  private final LruCache<String, PurlPattern> purlPatterns = new LruCache<>(512);
  private final LruCache<String, Glob> globs = new LruCache<>(512);
  private final LruCache<String, VersionRange> ranges = new LruCache<>(512);

  List<CelFunctionDecl> declarations() {
    return List.of(
        stringPredicate("purl_matches", "purl_matches_string_string",
            "whether a package URL (version ignored) matches a glob such as pkg:maven/org.apache.logging.log4j/*"),
        stringPredicate("glob_matches", "glob_matches_string_string",
            "whether text matches a glob: * within a path segment, ** across segments"),
        stringPredicate("version_lt", "version_lt_string_string",
            "whether the first version is lower than the second (Maven/semver-like)"),
        stringPredicate("version_in", "version_in_string_string",
            "whether a version lies in a range such as [2.0,2.17.1) or >=2.0, <2.17.1"),
        stringPredicate("severity_at_least", "severity_at_least_string_string",
            "whether a severity is at least the threshold: UNKNOWN < LOW < MEDIUM < HIGH < CRITICAL"));
  }

  List<CelFunctionBinding> bindings() {
    return List.of(
        CelFunctionBinding.from("purl_matches_string_string", String.class, String.class,
            (purl, pattern) -> guarded(() -> purlPatterns.get(pattern, PurlPattern::parse).matches(purl))),
        CelFunctionBinding.from("glob_matches_string_string", String.class, String.class,
            (text, glob) -> guarded(() -> globs.get(glob, Glob::parse).matches(text))),
        CelFunctionBinding.from("version_lt_string_string", String.class, String.class,
            (a, b) -> guarded(() -> LooseVersion.compare(a, b) < 0)),
        CelFunctionBinding.from("version_in_string_string", String.class, String.class,
            (v, range) -> guarded(() -> ranges.get(range, VersionRange::parse).contains(v))),
        CelFunctionBinding.from("severity_at_least_string_string", String.class, String.class,
            (sev, threshold) -> guarded(() -> Severity.parse(sev).atLeast(Severity.parse(threshold)))));
  }

  /**
   * Checks a literal argument at compile time.
   *
   * @return the problem, or empty when the literal is fine or the argument is not checked
   */
  static Optional<String> checkLiteral(String function, int argument, String literal) {
    try {
      switch (function + "/" + argument) {
        case "purl_matches/1":
          PurlPattern.parse(literal);
          break;
        case "glob_matches/1":
          Glob.parse(literal);
          break;
        case "version_in/1":
          VersionRange.parse(literal);
          break;
        case "version_lt/0":
        case "version_lt/1":
          LooseVersion.parse(literal);
          break;
        case "severity_at_least/0":
        case "severity_at_least/1":
          Severity.parse(literal);
          break;
        default:
          break;
      }
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of(function + ": " + e.getMessage());
    }
  }

  private static CelFunctionDecl stringPredicate(String name, String overloadId, String doc) {
    return CelFunctionDecl.newFunctionDeclaration(name,
        CelOverloadDecl.newBuilder()
            .setOverloadId(overloadId)
            .setResultType(SimpleType.BOOL)
            .addParameterTypes(SimpleType.STRING, SimpleType.STRING)
            .setIsInstanceFunction(false)
            .setDoc(doc)
            .build());
  }

  private interface Check {
    boolean test();
  }

  private static Object guarded(Check check) throws CelEvaluationException {
    try {
      return check.test();
    } catch (IllegalArgumentException e) {
      throw new CelEvaluationException(e.getMessage(), e);
    }
  }
}

package dev.scangate.policy.bench;

import dev.scangate.policy.Action;
import dev.scangate.policy.CompiledPolicy;
import dev.scangate.policy.DefaultPolicy;
import dev.scangate.policy.Evaluation;
import dev.scangate.policy.PolicyCompileException;
import dev.scangate.policy.PolicyCompiler;
import dev.scangate.policy.PolicyEvaluator;
import dev.scangate.policy.PolicyVersion;
import dev.scangate.policy.Rule;
import dev.scangate.policy.input.AttestationFacts;
import dev.scangate.policy.input.FindingFacts;
import dev.scangate.policy.input.ImageFacts;
import dev.scangate.policy.input.PackageFacts;
import dev.scangate.policy.input.PolicyInput;
import dev.scangate.policy.input.SbomFacts;
import dev.scangate.policy.input.ScanFacts;
import dev.scangate.policy.input.ScannerFacts;
import dev.scangate.policy.input.Severity;
import dev.scangate.policy.match.LooseVersion;
import dev.scangate.policy.match.PurlPattern;
import dev.scangate.policy.match.VersionRange;
import dev.scangate.policy.waiver.Waiver;
import dev.scangate.policy.waiver.WaiverMatcher;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * 20 rules over 5,000 findings. Compares, in one run:
 * <ul>
 *   <li>{@code selectorRules20}: the 20 rules as scangate writes them (findings rules with a
 *       finding selector), the full {@link PolicyEvaluator#evaluate} call including waiver
 *       matching and input conversion;</li>
 *   <li>{@code existsRules20}: the same rules written as plain {@code findings.exists(f, …)}
 *       CEL expressions (no selector);</li>
 *   <li>{@code selectorRule1}: only the first rule, to separate per-call overhead;</li>
 *   <li>{@code javaLoop20}: baseline, the same 20 checks hand-written in Java over the records.</li>
 * </ul>
 * {@code distinctPackages} sets how many different packages the findings are spread over: 600
 * is typical of a large image; 5000 (every finding its own package) is the worst case for the
 * selector's result sharing.
 *
 * <p>Run with {@code bench/policy.sh}; main method: {@code org.openjdk.jmh.Main PolicyBenchmark}.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@State(Scope.Benchmark)
public class PolicyBenchmark {

  static final int FINDINGS = 5_000;
  static final Instant NOW = Instant.parse("2024-06-01T12:00:00Z");

  /** The 15 rules added to the 5 default ones; a null expression means a selector rule. */
  static final List<Rule> EXTRA_RULES = List.of(
      selector("critical", Action.WARN, "f.severity == 'CRITICAL'"),
      selector("cvss-9", Action.DENY, "has(f.cvss) && f.cvss >= 9.0"),
      selector("log4j", Action.DENY,
          "purl_matches(f.pkg.purl, 'pkg:maven/org.apache.logging.log4j/*') && version_lt(f.pkg.version, '2.17.1')"),
      selector("openssl", Action.DENY,
          "purl_matches(f.pkg.purl, 'pkg:deb/debian/openssl') && severity_at_least(f.severity, 'MEDIUM')"),
      selector("npm-high", Action.WARN, "f.pkg.type == 'npm' && severity_at_least(f.severity, 'HIGH')"),
      new Rule("many-fixable-medium", "", Action.WARN, "size(selected) > 50", "{{count}}",
          "f.severity == 'MEDIUM' && f.fixAvailable"),
      selector("known-exploited", Action.DENY, "f.id in ['CVE-2021-44228', 'CVE-2022-22965', 'CVE-2023-4863']"),
      selector("ghsa-critical", Action.WARN,
          "f.severity == 'CRITICAL' && f.aliases.exists(a, a.startsWith('GHSA-'))"),
      selector("spring4shell", Action.DENY,
          "purl_matches(f.pkg.purl, 'pkg:maven/org.springframework/*') && version_in(f.pkg.version, '[5.3.0,5.3.18)')"),
      new Rule("many-unknown", "", Action.WARN, "size(selected) > 100", "{{count}}", "f.severity == 'UNKNOWN'"),
      selector("trivy-high-fixable", Action.WARN,
          "size(f.fixedVersions) > 0 && f.severity == 'HIGH' && f.scanners.exists(s, s == 'trivy')"),
      new Rule("source-label", "", Action.WARN, "!('org.opencontainers.image.source' in image.labels)", "m"),
      new Rule("unknowns", "", Action.WARN, "scan.present && scan.unknowns > 100", "m"),
      new Rule("provenance", "", Action.WARN,
          "!attestations.exists(a, a.predicateType == 'https://slsa.dev/provenance/v1' && a.verified)", "m"),
      new Rule("image-age", "", Action.WARN, "has(image.ageDays) && image.ageDays > 365", "m"));

  @Param({"600", "5000"})
  public int distinctPackages;

  /** How many findings the image has; 5,000 unless a run varies it ({@code -p findings=…}). */
  @Param({"5000"})
  public int findings = FINDINGS;

  private PolicyEvaluator evaluator;
  private CompiledPolicy selectorPolicy;
  private CompiledPolicy existsPolicy;
  private CompiledPolicy onePolicy;
  private PolicyInput input;
  private List<Waiver> waivers;

  @Setup
  public void setUp() throws PolicyCompileException {
    PolicyCompiler compiler = new PolicyCompiler();
    List<Rule> rules = new ArrayList<>(DefaultPolicy.load().rules());
    rules.addAll(EXTRA_RULES);
    if (rules.size() != 20) {
      throw new IllegalStateException("expected 20 rules, have " + rules.size());
    }
    selectorPolicy = compiler.compile(new PolicyVersion("bench", 1, rules));
    existsPolicy = compiler.compile(new PolicyVersion("bench-exists", 1, rules.stream().map(PolicyBenchmark::asExists).toList()));
    onePolicy = compiler.compile(new PolicyVersion("bench-one", 1, rules.subList(0, 1)));
    evaluator = new PolicyEvaluator(new WaiverMatcher(Set.of("prod")));
    input = input(distinctPackages, findings);
    waivers = List.of(
        new Waiver("W-1", "CVE-2021-44228", "pkg:maven/org.apache.logging.log4j/*", "team-a/**", "prod",
            "not reachable", "alice", NOW.plus(Duration.ofDays(10)), "bob", false),
        new Waiver("W-2", "CVE-2023-0001", null, null, null, "accepted", "alice",
            NOW.plus(Duration.ofDays(10)), "bob", false));
    // sanity: the two CEL forms must agree rule by rule
    Evaluation a = selectorRules20();
    Evaluation b = existsRules20();
    for (int i = 0; i < a.results().size(); i++) {
      if (a.results().get(i).outcome() != b.results().get(i).outcome()) {
        throw new IllegalStateException("selector and exists forms disagree on " + a.results().get(i).ruleId());
      }
    }
    if (javaLoop20() != (int) a.results().stream().filter(r -> r.failedOrErrored()).count()) {
      throw new IllegalStateException("the Java baseline disagrees with the policy: " + javaLoop20()
          + " failed rules vs " + a.results());
    }
  }

  @Benchmark
  public Evaluation selectorRules20() {
    return evaluator.evaluate(selectorPolicy, input, waivers);
  }

  @Benchmark
  public Evaluation existsRules20() {
    return evaluator.evaluate(existsPolicy, input, waivers);
  }

  @Benchmark
  public Evaluation selectorRule1() {
    return evaluator.evaluate(onePolicy, input, waivers);
  }

  /** The 20 checks in plain Java, including waiver matching; returns the number of failed rules. */
  @Benchmark
  public int javaLoop20() {
    WaiverMatcher matcher = new WaiverMatcher(Set.of("prod"));
    List<FindingFacts> findings = matcher.apply(input, waivers).findings();
    PurlPattern log4j = PurlPattern.parse("pkg:maven/org.apache.logging.log4j/*");
    PurlPattern openssl = PurlPattern.parse("pkg:deb/debian/openssl");
    PurlPattern spring = PurlPattern.parse("pkg:maven/org.springframework/*");
    VersionRange springRange = VersionRange.parse("[5.3.0,5.3.18)");
    LooseVersion log4jFixed = LooseVersion.parse("2.17.1");
    Set<String> exploited = Set.of("CVE-2021-44228", "CVE-2022-22965", "CVE-2023-4863");
    boolean fixableHigh = false;
    boolean single = false;
    boolean critical = false;
    boolean cvss9 = false;
    boolean log4jOld = false;
    boolean opensslMedium = false;
    boolean npmHigh = false;
    int fixableMedium = 0;
    boolean knownExploited = false;
    boolean ghsaCritical = false;
    boolean spring4shell = false;
    int unknown = 0;
    boolean trivyHigh = false;
    for (FindingFacts f : findings) {
      if (f.waived()) {
        continue;
      }
      Severity s = f.severity();
      String purl = f.pkg().purl();
      fixableHigh |= s.atLeast(Severity.HIGH) && f.fixAvailable();
      single |= f.scanners().size() == 1;
      critical |= s == Severity.CRITICAL;
      cvss9 |= f.cvss() != null && f.cvss() >= 9.0;
      log4jOld |= log4j.matches(purl) && LooseVersion.parse(f.pkg().version()).compareTo(log4jFixed) < 0;
      opensslMedium |= openssl.matches(purl) && s.atLeast(Severity.MEDIUM);
      npmHigh |= f.pkg().type().equals("npm") && s.atLeast(Severity.HIGH);
      fixableMedium += s == Severity.MEDIUM && f.fixAvailable() ? 1 : 0;
      knownExploited |= exploited.contains(f.id());
      ghsaCritical |= s == Severity.CRITICAL && f.aliases().stream().anyMatch(a -> a.startsWith("GHSA-"));
      spring4shell |= spring.matches(purl) && springRange.contains(f.pkg().version());
      unknown += s == Severity.UNKNOWN ? 1 : 0;
      trivyHigh |= !f.fixedVersions().isEmpty() && s == Severity.HIGH && f.scanners().contains("trivy");
    }
    ScanFacts scan = input.scan();
    ImageFacts image = input.image();
    String user = image.user().split(":", -1)[0];
    boolean[] failed = {
        fixableHigh,
        scan != null && Duration.between(scan.finishedAt(), input.now()).compareTo(Duration.ofHours(168)) > 0,
        scan == null,
        user.isEmpty() || user.equals("root") || user.equals("0"),
        scan != null && scan.scanners().size() > 1 && single,
        critical, cvss9, log4jOld, opensslMedium, npmHigh, fixableMedium > 50, knownExploited,
        ghsaCritical, spring4shell, unknown > 100, trivyHigh,
        !image.labels().containsKey("org.opencontainers.image.source"),
        scan != null && scan.unknowns() > 100,
        input.attestations().stream().noneMatch(a -> a.predicateType().equals("https://slsa.dev/provenance/v1") && a.verified()),
        image.created() != null && Duration.between(image.created(), input.now()).toDays() > 365,
    };
    int count = 0;
    for (boolean b : failed) {
      count += b ? 1 : 0;
    }
    return count;
  }

  private static Rule selector(String id, Action action, String selector) {
    return new Rule(id, "", action, null, "{{count}}: {{ids}}", selector);
  }

  /** The same rule as a plain CEL expression over {@code findings}, without a selector. */
  private static Rule asExists(Rule r) {
    if (!r.hasFindingSelector()) {
      return r;
    }
    String matching = "!f.waived && (" + r.findingSelector() + ")";
    String expression = r.expression().equals(Rule.DEFAULT_SELECTOR_EXPRESSION)
        ? "findings.exists(f, " + matching + ")"
        : r.expression().replace("size(selected)", "size(findings.filter(f, " + matching + "))");
    return new Rule(r.id(), r.description(), r.action(), expression, "failed");
  }

  /** 5,000 findings with a fixed seed, spread over the given number of packages. */
  static PolicyInput input(int distinctPackages) {
    return input(distinctPackages, FINDINGS);
  }

  /** {@code count} findings spread over {@code distinctPackages} packages. */
  static PolicyInput input(int distinctPackages, int count) {
    Random random = new Random(42);
    String[] ecosystems = {"maven", "npm", "deb", "pypi", "golang"};
    Severity[] severities = Severity.values();
    List<PackageFacts> packages = new ArrayList<>();
    for (int p = 0; p < distinctPackages; p++) {
      String type = ecosystems[p % ecosystems.length];
      String version = (1 + random.nextInt(6)) + "." + random.nextInt(20) + "." + random.nextInt(10);
      String purl;
      if (p == 0) {
        purl = "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1";
        version = "2.14.1";
      } else if (p == 1) {
        purl = "pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64";
        version = "3.0.11-1~deb12u2";
      } else if (p == 2) {
        purl = "pkg:maven/org.springframework/spring-beans@5.3.17";
        version = "5.3.17";
      } else {
        purl = "pkg:" + type + "/ns" + (p % 37) + "/package-" + p + "@" + version;
      }
      packages.add(new PackageFacts("package-" + p, version, type, purl));
    }
    List<FindingFacts> findings = new ArrayList<>(count);
    List<List<String>> scannerSets = List.of(List.of("grype", "trivy"), List.of("grype"),
        List.of("trivy"), List.of("grype", "osv", "trivy"));
    for (int i = 0; i < count; i++) {
      Severity severity = severities[random.nextInt(severities.length)];
      boolean fix = random.nextInt(3) > 0;
      String id = i == 0 ? "CVE-2021-44228" : "CVE-20" + (15 + random.nextInt(10)) + "-" + random.nextInt(3000);
      findings.add(new FindingFacts(id, random.nextBoolean() ? List.of("GHSA-" + Integer.toHexString(i)) : List.of(),
          severity, severity == Severity.UNKNOWN ? null : Math.round(random.nextDouble() * 100) / 10.0,
          fix, fix ? List.of("9.9.9") : List.of(), packages.get(i % distinctPackages),
          scannerSets.get(random.nextInt(scannerSets.size())), false, null));
    }
    ImageFacts image = new ImageFacts("registry.example/team-a/api:1.0", "sha256:" + "ab".repeat(32),
        "team-a/api", "registry.example", Map.of("org.opencontainers.image.source", "https://git.example/api"),
        "linux", "amd64", "1000", Instant.parse("2024-01-01T00:00:00Z"));
    ScanFacts scan = new ScanFacts(NOW.minus(Duration.ofHours(3)), List.of(
        new ScannerFacts("grype", "0.74.0", "5"), new ScannerFacts("trivy", "0.50.1", "2")), 12);
    return new PolicyInput(image, scan, findings, SbomFacts.EMPTY,
        List.of(new AttestationFacts("https://slsa.dev/provenance/v1", true)), "prod", NOW);
  }

  public static void main(String[] args) throws Exception {
    org.openjdk.jmh.Main.main(args.length > 0 ? args : new String[] {PolicyBenchmark.class.getName()});
  }
}

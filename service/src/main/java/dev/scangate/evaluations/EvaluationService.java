package dev.scangate.evaluations;

import dev.scangate.environments.Environment;
import dev.scangate.policies.PolicyService;
import dev.scangate.policies.StoredPolicyVersion;
import dev.scangate.policy.Action;
import dev.scangate.policy.CompiledPolicy;
import dev.scangate.policy.Evaluation;
import dev.scangate.policy.FindingRef;
import dev.scangate.policy.PolicyEvaluator;
import dev.scangate.policy.RuleResult;
import dev.scangate.policy.input.FindingFacts;
import dev.scangate.policy.input.PolicyInput;
import dev.scangate.policy.match.PurlPattern;
import dev.scangate.policy.waiver.AppliedWaiver;
import dev.scangate.policy.waiver.Waiver;
import dev.scangate.policy.waiver.WaiverMatcher;
import dev.scangate.policy.waiver.WaiverVerdict;
import dev.scangate.waivers.WaiverService;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Evaluates a policy version over an image for an environment, explains the result, and records
 * it (each rule's outcome, the findings that decided it, the waivers applied, the policy version
 * digest and the scan) when asked to.
 */
@Service
public class EvaluationService {

  /** Why an evaluation was recorded. */
  public enum Purpose { PROMOTION, REEVALUATION }

  /** Verdicts of waivers that would apply if approved or scoped to the environment. */
  private static final Set<WaiverVerdict> NEARLY = EnumSet.of(WaiverVerdict.NOT_APPROVED,
      WaiverVerdict.APPROVED_BY_OWNER, WaiverVerdict.OTHER_ENVIRONMENT);

  private final PolicyInputs inputs;
  private final PolicyService policies;
  private final WaiverService waivers;
  private final JdbcClient jdbc;
  private final Clock clock;
  private final JsonMapper json;

  EvaluationService(PolicyInputs inputs, PolicyService policies, WaiverService waivers,
      JdbcClient jdbc, Clock clock, JsonMapper json) {
    this.inputs = inputs;
    this.policies = policies;
    this.waivers = waivers;
    this.jdbc = jdbc;
    this.clock = clock;
    this.json = json;
  }

  /** The policy input of an image for an environment, as an evaluation now would see it. */
  public PolicyInput input(ImageTarget target, String environment) {
    return inputs.build(target, environment, clock.instant()).input();
  }

  /** Evaluates the policy version the environment is bound to. */
  public EvaluationResult evaluate(ImageTarget target, Environment environment) {
    StoredPolicyVersion version = policies.version(environment.policyVersionId()).orElseThrow();
    return evaluate(target, environment.name(), version);
  }

  /** Evaluates a stored policy version. */
  public EvaluationResult evaluate(ImageTarget target, String environment,
      StoredPolicyVersion version) {
    return evaluate(target, environment, policies.compiled(version), version.policyId(),
        version.id());
  }

  /**
   * Evaluates a compiled policy (a stored version, or a draft with a null version id), with the
   * waivers active now.
   */
  public EvaluationResult evaluate(ImageTarget target, String environment, CompiledPolicy policy,
      UUID policyId, UUID versionId) {
    PolicyInputs.Built built = inputs.build(target, environment, clock.instant());
    List<Waiver> active = waivers.activeAt(built.input().now());
    WaiverMatcher matcher = waivers.matcher();
    Evaluation evaluation = new PolicyEvaluator(matcher).evaluate(policy, built.input(), active);
    EvaluationView view = view(evaluation, target, built, policyId, versionId, active, matcher);
    return new EvaluationResult(evaluation, target, policyId, versionId, built.scanId(),
        built.scanIds(), built.input(), view);
  }

  /** Records an evaluation of a stored version; returns its id. */
  public UUID record(EvaluationResult result, Purpose purpose) {
    UUID id = UUID.randomUUID();
    Evaluation e = result.evaluation();
    EvaluationView view = result.view().withId(id);
    jdbc.sql("""
            insert into evaluations (id, image_digest, repository, environment,
                                     policy_version_id, policy_digest, scan_id, allowed,
                                     purpose, evaluated_at, detail)
            values (:id, :digest, :repository, :environment, :version, :policyDigest, :scan,
                    :allowed, :purpose, :at, :detail)""")
        .param("id", id).param("digest", result.target().digest())
        .param("repository", result.target().repository())
        .param("environment", e.environment()).param("version", result.policyVersionId())
        .param("policyDigest", e.policyDigest()).param("scan", result.scanId())
        .param("allowed", result.allowed()).param("purpose", purpose.name())
        .param("at", Timestamp.from(e.evaluatedAt()))
        .param("detail", json.writeValueAsString(view)).update();
    Map<UUID, String> platformOf = new HashMap<>();
    Map<UUID, String> digestOf = new HashMap<>();
    if (view.platforms() != null) {
      for (EvaluationView.PlatformView p : view.platforms()) {
        if (p.scanId() != null) {
          platformOf.put(p.scanId(), p.platform());
          digestOf.put(p.scanId(), p.digest());
        }
      }
    }
    for (UUID scan : result.scanIds()) {
      jdbc.sql("""
              insert into evaluation_scans (evaluation_id, scan_id, image_digest, platform)
              values (:id, :scan, :digest, :platform)""")
          .param("id", id).param("scan", scan)
          .param("digest", digestOf.getOrDefault(scan, result.target().digest()))
          .param("platform", platformOf.get(scan)).update();
    }
    for (int i = 0; i < e.results().size(); i++) {
      RuleResult r = e.results().get(i);
      jdbc.sql("""
              insert into evaluation_rules (evaluation_id, position, rule_id, action, outcome,
                                            message)
              values (:id, :position, :rule, :action, :outcome, :message)""")
          .param("id", id).param("position", i).param("rule", r.ruleId())
          .param("action", r.action().name()).param("outcome", r.outcome().name())
          .param("message", r.message()).update();
      for (FindingRef f : r.decidingFindings()) {
        jdbc.sql("""
                insert into evaluation_rule_findings (evaluation_id, rule_position,
                                                      vulnerability_id, purl)
                values (:id, :position, :vulnerability, :purl)""")
            .param("id", id).param("position", i).param("vulnerability", f.vulnerabilityId())
            .param("purl", f.purl()).update();
      }
    }
    for (AppliedWaiver w : e.waiversApplied()) {
      jdbc.sql("""
              insert into evaluation_waivers (evaluation_id, waiver_id, vulnerability_id, purl)
              values (:id, :waiver, :vulnerability, :purl)""")
          .param("id", id).param("waiver", UUID.fromString(w.waiverId()))
          .param("vulnerability", w.findingId()).param("purl", w.purl()).update();
    }
    return id;
  }

  /** A recorded evaluation as the API shows it. */
  public Optional<JsonNode> find(UUID id) {
    return jdbc.sql("select detail from evaluations where id = :id").param("id", id)
        .query(String.class).optional().map(json::readTree);
  }

  /** The ids of the waivers a recorded evaluation applied. */
  public List<UUID> waiversApplied(UUID evaluationId) {
    return jdbc.sql("select distinct waiver_id from evaluation_waivers where evaluation_id = :id")
        .param("id", evaluationId).query(UUID.class).list();
  }

  private EvaluationView view(Evaluation e, ImageTarget target, PolicyInputs.Built built,
      UUID policyId, UUID versionId, List<Waiver> active, WaiverMatcher matcher) {
    PolicyInput input = built.input();
    Map<String, FindingFacts> byRef = new HashMap<>();
    for (FindingFacts f : input.findings()) {
      byRef.putIfAbsent(f.id() + " " + f.pkg().purl(), f);
    }
    List<EvaluationView.RuleView> rules = new ArrayList<>();
    for (RuleResult r : e.results()) {
      List<EvaluationView.DecidingFinding> deciding = new ArrayList<>();
      for (FindingRef ref : r.decidingFindings()) {
        FindingFacts f = byRef.get(ref.vulnerabilityId() + " " + ref.purl());
        if (f == null) {
          continue;
        }
        List<EvaluationView.Blocked> blocked = new ArrayList<>();
        EvaluationView.SuggestedWaiver suggestion = null;
        if (r.action() == Action.DENY) {
          for (Waiver w : active) {
            WaiverVerdict verdict = matcher.check(w, f, input);
            if (NEARLY.contains(verdict)) {
              blocked.add(new EvaluationView.Blocked(UUID.fromString(w.id()), verdict.name()));
            }
          }
          suggestion = new EvaluationView.SuggestedWaiver(f.id(), packagePattern(f.pkg().purl()),
              input.image().repository(), input.environment());
        }
        deciding.add(new EvaluationView.DecidingFinding(f.id(), f.aliases(),
            f.severity().name(), f.pkg().purl(), blocked, suggestion));
      }
      rules.add(new EvaluationView.RuleView(r.ruleId(), r.action().name(), r.outcome().name(),
          r.message(), deciding));
    }
    List<EvaluationView.AppliedWaiverView> applied = e.waiversApplied().stream()
        .map(w -> new EvaluationView.AppliedWaiverView(UUID.fromString(w.waiverId()),
            w.findingId(), w.purl())).toList();
    String name = e.policyName();
    return new EvaluationView(null, new EvaluationView.Image(target.requested(), target.digest(),
        target.repository()), e.environment(), new EvaluationView.Policy(policyId, name,
        versionId, e.policyVersion(), e.policyDigest()), built.scanId(), platforms(built),
        unscanned(target, built), e.evaluatedAt(),
        e.decision().allowed(), e.decision().allowed() ? "ALLOWED" : "DENIED", rules, applied,
        new EvaluationView.FindingCounts(input.findings().size(), e.waiversApplied().size()));
  }

  private static List<EvaluationView.PlatformView> platforms(PolicyInputs.Built built) {
    if (!built.index()) {
      return null;
    }
    return built.platforms().stream().map(p -> new EvaluationView.PlatformView(p.platform(),
        p.digest(), p.scanId(), p.finishedAt())).toList();
  }

  /** Which platforms of an index have no successful scan, and the request that scans them. */
  private static String unscanned(ImageTarget target, PolicyInputs.Built built) {
    List<PolicyInputs.PlatformScan> missing = built.unscanned();
    if (missing.isEmpty()) {
      return null;
    }
    String which = String.join(", ", missing.stream()
        .map(p -> p.platform() + " (" + p.digest() + ")").toList());
    return "index " + target.digest() + " is evaluated as the union of its platforms, and "
        + which + (missing.size() == 1 ? " has" : " have") + " no successful scan: scan every"
        + " platform with POST /api/v1/scans {\"image\": \"" + target.repository() + "@"
        + target.digest() + "\", \"platform\": \"all\"}";
  }

  /** The finding's package without version and qualifiers, as a waiver's package pattern. */
  private static String packagePattern(String purl) {
    if (purl == null || purl.isBlank()) {
      return null;
    }
    try {
      String base = PurlPattern.withoutVersion(purl);
      PurlPattern.parse(base);
      return base;
    } catch (IllegalArgumentException e) {
      return null; // a package URL the pattern grammar cannot express: suggest no package scope
    }
  }
}

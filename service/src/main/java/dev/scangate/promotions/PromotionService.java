package dev.scangate.promotions;

import dev.scangate.attestations.AttestationStatus;
import dev.scangate.audit.AuditLog;
import dev.scangate.attestations.ImageSigning;
import dev.scangate.environments.Environment;
import dev.scangate.environments.EnvironmentService;
import dev.scangate.evaluations.EvaluationResult;
import dev.scangate.evaluations.EvaluationService;
import dev.scangate.evaluations.EvaluationView;
import dev.scangate.evaluations.ImageTarget;
import dev.scangate.evaluations.ImageTargets;
import dev.scangate.image.ImageReference;
import dev.scangate.images.ImageService;
import dev.scangate.platform.ApiException;
import dev.scangate.platform.ProblemType;
import dev.scangate.policy.RuleResult;
import dev.scangate.signing.InTotoStatement;
import dev.scangate.waivers.WaiverService;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Promotes image digests to environments when their policy allows it, signs the decision, and
 * keeps promotions honest afterwards: a promotion whose image fails a re-evaluation becomes
 * AT_RISK and is REVOKED when its environment's grace period ends (or at once).
 *
 * <p>Every insert and status change of a promotion notifies the PostgreSQL channel
 * {@value #CHANNEL} with the promotion id, in the same transaction.
 */
@Service
public class PromotionService {

  /** The channel notified with a promotion id on every insert and status change. */
  public static final String CHANNEL = "scangate_promotions";

  private static final Logger log = LoggerFactory.getLogger(PromotionService.class);
  private static final String VERIFIER_ID = "https://scangate.dev/verifier";

  /** The result of an allowed promotion. */
  public record Promoted(PromotionView promotion, EvaluationView evaluation,
      AttestationStatus attestation, AttestationStatus signature) {
  }

  private final EnvironmentService environments;
  private final ImageTargets targets;
  private final EvaluationService evaluations;
  private final ImageSigning signing;
  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final Clock clock;
  private final JsonMapper json;
  private final AuditLog audit;
  private final ImageService images;

  PromotionService(EnvironmentService environments, ImageTargets targets,
      EvaluationService evaluations, ImageSigning signing, JdbcClient jdbc,
      TransactionTemplate tx, Clock clock, JsonMapper json, AuditLog audit,
      ImageService images) {
    this.images = images;
    this.environments = environments;
    this.targets = targets;
    this.evaluations = evaluations;
    this.signing = signing;
    this.jdbc = jdbc;
    this.tx = tx;
    this.clock = clock;
    this.json = json;
    this.audit = audit;
  }

  /**
   * Evaluates the image for the environment and, when allowed, signs a SLSA verification
   * summary and a cosign signature and records the promotion. A denial records the evaluation
   * and throws a 422 problem carrying it.
   */
  public Promoted promote(String image, String environmentName, String actor) {
    Environment environment = environments.require(environmentName);
    ImageTarget target = targets.resolve(image);
    if (environment.requiresPrevious()) {
      Optional<Environment> previous = environments.previous(environment);
      if (previous.isPresent() && !isPromoted(target.digest(), previous.get().name())) {
        tx.executeWithoutResult(s -> audit.record("promotion.denied", "image", target.digest(),
            AuditLog.details("environment", environment.name(), "digest", target.digest(),
                "reference", target.requested(), "reason", "not promoted to "
                    + previous.get().name() + " first",
                "requiredEnvironment", previous.get().name())));
        throw new ApiException(ProblemType.PREVIOUS_ENVIRONMENT_REQUIRED, "image "
            + target.digest() + " must be promoted to " + previous.get().name() + " before "
            + environment.name(), Map.of("requiredEnvironment", previous.get().name(),
                "environment", environment.name(), "digest", target.digest()));
      }
    }
    EvaluationResult result = evaluations.evaluate(target, environment);
    if (!result.allowed()) {
      UUID evaluationId = tx.execute(s -> {
        UUID recorded = evaluations.record(result, EvaluationService.Purpose.PROMOTION);
        audit.record("promotion.denied", "image", target.digest(), AuditLog.details(
            "environment", environment.name(), "digest", target.digest(),
            "reference", target.requested(), "policy", result.view().policy().name(),
            "policyVersion", result.view().policy().version(),
            "policyDigest", result.evaluation().policyDigest(),
            "evaluation", recorded.toString(), "reason", reason(result)));
        return recorded;
      });
      EvaluationView view = result.view().withId(evaluationId);
      throw new ApiException(ProblemType.POLICY_DENIED, "policy " + view.policy().name()
          + " version " + view.policy().version() + " denies " + target.digest() + " in "
          + environment.name() + ": " + reason(result), Map.of("evaluation", view));
    }
    UUID promotionId = UUID.randomUUID();
    Instant now = clock.instant();
    AttestationStatus vsa = signing.attest(target.pinned(), InTotoStatement.SLSA_VSA_PREDICATE,
        vsa(result, environment, now));
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put("environment", environment.name());
    annotations.put("policy", result.view().policy().name());
    annotations.put("policyVersion", String.valueOf(result.view().policy().version()));
    annotations.put("policyDigest", result.evaluation().policyDigest());
    annotations.put("promotion", promotionId.toString());
    AttestationStatus signature = signing.signImage(target.pinned(), annotations);
    UUID evaluationId = tx.execute(s -> {
      UUID recorded = evaluations.record(result, EvaluationService.Purpose.PROMOTION);
      List<UUID> superseded = jdbc.sql("""
              select id from promotions where image_digest = :digest and environment = :env
                 and status in ('ACTIVE', 'AT_RISK') for update""")
          .param("digest", target.digest()).param("env", environment.name())
          .query(UUID.class).list();
      for (UUID old : superseded) {
        jdbc.sql("""
                update promotions set status = 'REVOKED', revoked_at = :now,
                       revoke_reason = :reason where id = :id""")
            .param("now", Timestamp.from(now)).param("id", old)
            .param("reason", "superseded by promotion " + promotionId).update();
        notify(old);
        audit.record("promotion.revoked", "promotion", old.toString(), AuditLog.details(
            "environment", environment.name(), "digest", target.digest(),
            "reason", "superseded by promotion " + promotionId));
      }
      jdbc.sql("""
              insert into promotions (id, image_digest, repository, environment, scan_id,
                                      evaluation_id, status, promoted_at, promoted_by,
                                      requested_reference, policy_version_id, policy_digest,
                                      attestation_id, signature_id, last_evaluation_id)
              values (:id, :digest, :repository, :env, :scan, :evaluation, 'ACTIVE', :now,
                      :actor, :requested, :version, :policyDigest, :attestation, :signature,
                      :evaluation)""")
          .param("id", promotionId).param("digest", target.digest())
          .param("repository", target.repository()).param("env", environment.name())
          .param("scan", result.scanId()).param("evaluation", recorded)
          .param("now", Timestamp.from(now)).param("actor", actor)
          .param("requested", target.requested()).param("version", result.policyVersionId())
          .param("policyDigest", result.evaluation().policyDigest())
          .param("attestation", vsa.id()).param("signature", signature.id()).update();
      notify(promotionId);
      audit.record("promotion.created", "promotion", promotionId.toString(), AuditLog.details(
          "environment", environment.name(), "digest", target.digest(),
          "reference", target.requested(), "policy", result.view().policy().name(),
          "policyVersion", result.view().policy().version(),
          "policyDigest", result.evaluation().policyDigest(), "evaluation", recorded.toString(),
          "attestation", vsa.id() == null ? null : vsa.id().toString(),
          "signature", signature.id() == null ? null : signature.id().toString()));
      return recorded;
    });
    return new Promoted(find(promotionId).orElseThrow(), result.view().withId(evaluationId), vsa,
        signature);
  }

  public Optional<PromotionView> find(UUID id) {
    return jdbc.sql("select * from promotions where id = :id").param("id", id)
        .query(PromotionService::view).optional();
  }

  /**
   * Promotions, newest first, optionally of one environment and one image (a digest, or a
   * reference whose digest or repository is matched).
   */
  public List<PromotionView> list(String environment, String image, String status) {
    List<String> where = new ArrayList<>();
    Map<String, Object> params = new HashMap<>();
    if (environment != null && !environment.isBlank()) {
      environments.require(environment);
      where.add("environment = :env");
      params.put("env", environment);
    }
    if (image != null && !image.isBlank()) {
      where.add("(image_digest = :image or requested_reference = :image"
          + " or repository || '@' || image_digest = :image)");
      params.put("image", image.strip());
    }
    if (status != null && !status.isBlank()) {
      String s = status.strip().toUpperCase(java.util.Locale.ROOT);
      if (!List.of("ACTIVE", "AT_RISK", "REVOKED").contains(s)) {
        throw new ApiException(ProblemType.VALIDATION_FAILED, "status: \"" + status
            + "\" is not one of ACTIVE, AT_RISK, REVOKED", Map.of("field", "status"));
      }
      where.add("status = :status");
      params.put("status", s);
    }
    String filter = where.isEmpty() ? "true" : String.join(" and ", where);
    return jdbc.sql("select * from promotions where " + filter
            + " order by promoted_at desc, id limit 500")
        .params(params).query(PromotionService::view).list();
  }

  /** The promotions that are ACTIVE or AT_RISK, oldest first. */
  public List<PromotionView> live() {
    return jdbc.sql("""
            select * from promotions where status in ('ACTIVE', 'AT_RISK')
             order by promoted_at, id""").query(PromotionService::view).list();
  }

  /**
   * Re-evaluates the ACTIVE and AT_RISK promotions of these images against their environment's
   * current policy: a failing ACTIVE one becomes AT_RISK (or REVOKED at once when the
   * environment has no grace period), a failing AT_RISK one is REVOKED once the grace period
   * has passed, a passing AT_RISK one is ACTIVE again. Each re-evaluation is recorded. A digest
   * that is a platform of an image index re-evaluates the promotions of the index too.
   */
  public List<Reevaluation> reevaluate(Collection<String> imageDigests, String reason) {
    List<Reevaluation> done = new ArrayList<>();
    if (imageDigests.isEmpty()) {
      return done;
    }
    LinkedHashSet<String> digests = new LinkedHashSet<>(imageDigests);
    digests.addAll(images.indexesOf(imageDigests));
    List<PromotionView> promotions = jdbc.sql("""
            select * from promotions where status in ('ACTIVE', 'AT_RISK')
               and image_digest = any(:digests) order by promoted_at, id""")
        .param("digests", digests.toArray(new String[0]))
        .query(PromotionService::view).list();
    for (PromotionView p : promotions) {
      done.add(reevaluate(p, reason));
    }
    return done;
  }

  private Reevaluation reevaluate(PromotionView p, String reason) {
    Optional<Environment> environment = environments.find(p.environment());
    if (environment.isEmpty()) {
      return new Reevaluation(p.id(), p.image().digest(), p.environment(), p.status(),
          p.status(), null, "environment " + p.environment() + " no longer exists");
    }
    ImageTarget target = new ImageTarget(p.image().reference(),
        ImageReference.parse(p.image().repository() + "@" + p.image().digest()));
    EvaluationResult result;
    try {
      result = evaluations.evaluate(target, environment.get());
    } catch (ApiException e) {
      // e.g. findings not available: never revoke on missing data, leave the promotion as is
      log.warn("re-evaluating promotion {} of {} in {}: {}", p.id(), p.image().digest(),
          p.environment(), e.getMessage());
      return new Reevaluation(p.id(), p.image().digest(), p.environment(), p.status(),
          p.status(), null, e.getMessage());
    }
    Environment env = environment.get();
    return tx.execute(s -> {
      String status = jdbc.sql("select status from promotions where id = :id for update")
          .param("id", p.id()).query(String.class).single();
      UUID evaluationId = evaluations.record(result, EvaluationService.Purpose.REEVALUATION);
      Instant now = clock.instant();
      String after = status;
      if ("REVOKED".equals(status)) {
        return new Reevaluation(p.id(), p.image().digest(), p.environment(), status, status,
            evaluationId, null);
      }
      jdbc.sql("update promotions set last_evaluation_id = :e where id = :id")
          .param("e", evaluationId).param("id", p.id()).update();
      if (result.allowed()) {
        if ("AT_RISK".equals(status)) {
          jdbc.sql("update promotions set status = 'ACTIVE', at_risk_since = null where id = :id")
              .param("id", p.id()).update();
          after = "ACTIVE";
          notify(p.id());
          audit.recordAs(AuditLog.SYSTEM, "promotion.restored", "promotion", p.id().toString(),
              AuditLog.details("environment", p.environment(), "digest", p.image().digest(),
                  "reason", reason, "evaluation", evaluationId.toString()));
        }
      } else {
        boolean atRisk = "AT_RISK".equals(status);
        Instant atRiskSince = atRisk ? jdbc.sql(
                "select at_risk_since from promotions where id = :id").param("id", p.id())
            .query((rs, n) -> rs.getTimestamp(1).toInstant()).single() : now;
        // an at-risk promotion keeps the reason it became at risk for
        String why = atRisk ? jdbc.sql("select revoke_reason from promotions where id = :id")
            .param("id", p.id()).query(String.class).optional().orElse("")
            .replaceFirst("^at risk: ", "") + "; still failing: " + reason(result)
            : reason + ": " + reason(result);
        if (!now.isBefore(atRiskSince.plus(env.gracePeriod()))) {
          String revokeReason = env.revokesImmediately() ? why
              : why + " (at risk since " + atRiskSince + ", grace period "
                  + env.gracePeriod() + ")";
          jdbc.sql("""
                  update promotions set status = 'REVOKED', revoked_at = :now,
                         at_risk_since = :since, revoke_reason = :reason where id = :id""")
              .param("now", Timestamp.from(now)).param("since", Timestamp.from(atRiskSince))
              .param("reason", revokeReason).param("id", p.id()).update();
          after = "REVOKED";
          notify(p.id());
          audit.recordAs(AuditLog.SYSTEM, "promotion.revoked", "promotion", p.id().toString(),
              AuditLog.details("environment", p.environment(), "digest", p.image().digest(),
                  "reason", revokeReason, "evaluation", evaluationId.toString()));
        } else if ("ACTIVE".equals(status)) {
          jdbc.sql("""
                  update promotions set status = 'AT_RISK', at_risk_since = :now,
                         revoke_reason = :reason where id = :id""")
              .param("now", Timestamp.from(now)).param("reason", "at risk: " + why)
              .param("id", p.id()).update();
          after = "AT_RISK";
          notify(p.id());
          audit.recordAs(AuditLog.SYSTEM, "promotion.at-risk", "promotion", p.id().toString(),
              AuditLog.details("environment", p.environment(), "digest", p.image().digest(),
                  "reason", why, "evaluation", evaluationId.toString(),
                  "gracePeriod", env.gracePeriod().toString(),
                  "revokeAt", now.plus(env.gracePeriod()).toString()));
        }
      }
      return new Reevaluation(p.id(), p.image().digest(), p.environment(), status, after,
          evaluationId, null);
    });
  }

  /** Advisories changed the findings of images: re-evaluate their promotions. */
  @EventListener
  void onFindingsChanged(dev.scangate.findings.FindingsChanged event) {
    reevaluate(event.imageDigests(), "findings changed after vulnerability database import "
        + event.importId());
  }

  /** A revoked waiver: re-evaluate the promoted images it covered. */
  @EventListener
  void onWaiverRevoked(WaiverService.WaiverRevoked event) {
    List<String> digests = jdbc.sql("""
            select distinct p.image_digest from promotions p
              join evaluation_waivers w on w.evaluation_id = p.last_evaluation_id
             where p.status in ('ACTIVE', 'AT_RISK') and w.waiver_id = :waiver""")
        .param("waiver", event.waiverId()).query(String.class).list();
    reevaluate(digests, "waiver " + event.waiverId() + " was revoked");
  }

  /**
   * The periodic check: re-evaluates images whose last evaluation relied on a waiver that has
   * expired (or was revoked) since, and images AT_RISK (to revoke them when their grace period
   * ends, or clear them).
   */
  @Scheduled(fixedDelayString = "${scangate.promotions.reevaluation-interval:PT5M}",
      initialDelayString = "${scangate.promotions.reevaluation-interval:PT5M}")
  public List<Reevaluation> reevaluateDue() {
    Instant now = clock.instant();
    Map<String, String> reasons = new LinkedHashMap<>();
    jdbc.sql("""
            select distinct p.image_digest, w.id as waiver_id, w.expires_at <= :now as expired
              from promotions p
              join evaluation_waivers ew on ew.evaluation_id = p.last_evaluation_id
              join waivers w on w.id = ew.waiver_id
             where p.status in ('ACTIVE', 'AT_RISK')
               and (w.expires_at <= :now or w.revoked_at is not null)""")
        .param("now", Timestamp.from(now))
        .query((rs, n) -> reasons.putIfAbsent(rs.getString("image_digest"), "waiver "
            + rs.getString("waiver_id") + (rs.getBoolean("expired") ? " expired" : " was revoked")))
        .list();
    jdbc.sql("select distinct image_digest from promotions where status = 'AT_RISK'")
        .query(String.class).list()
        .forEach(d -> reasons.putIfAbsent(d, "still failing the policy"));
    List<Reevaluation> done = new ArrayList<>();
    reasons.forEach((digest, reason) -> done.addAll(reevaluate(List.of(digest), reason)));
    return done;
  }

  private boolean isPromoted(String digest, String environment) {
    return jdbc.sql("""
            select count(*) from promotions where image_digest = :digest and environment = :env
               and status in ('ACTIVE', 'AT_RISK')""")
        .param("digest", digest).param("env", environment).query(Long.class).single() > 0;
  }

  private void notify(UUID promotionId) {
    jdbc.sql("select pg_notify('" + CHANNEL + "', :id)").param("id", promotionId.toString())
        .query((rs, n) -> 1).list();
  }

  /** The failed rules and, for an index with unscanned platforms, which and how to scan them. */
  private static String reason(EvaluationResult result) {
    String unscanned = result.view().unscanned();
    return unscanned == null ? failures(result) : failures(result) + "; " + unscanned;
  }

  private static String failures(EvaluationResult result) {
    List<String> parts = new ArrayList<>();
    for (RuleResult r : result.evaluation().results()) {
      if (r.failedOrErrored() && r.action() == dev.scangate.policy.Action.DENY) {
        parts.add(r.ruleId() + " (" + r.message() + ")");
      }
    }
    return String.join("; ", parts);
  }

  /** The SLSA verification summary predicate (https://slsa.dev/spec/v1.0/verification_summary). */
  private byte[] vsa(EvaluationResult result, Environment environment, Instant now) {
    ObjectNode vsa = json.createObjectNode();
    ObjectNode verifier = vsa.putObject("verifier");
    verifier.put("id", VERIFIER_ID);
    verifier.putObject("version").put("scangate", version());
    vsa.put("timeVerified", now.toString());
    vsa.put("resourceUri", result.target().pinned().toString());
    ObjectNode policy = vsa.putObject("policy");
    EvaluationView.Policy p = result.view().policy();
    policy.put("uri", "https://scangate.dev/policies/" + p.name() + "/versions/" + p.version()
        + "?environment=" + environment.name());
    String digest = result.evaluation().policyDigest();
    policy.putObject("digest").put("sha256", digest.substring(digest.indexOf(':') + 1));
    vsa.putArray("inputAttestations");
    vsa.put("verificationResult", "PASSED");
    vsa.putArray("verifiedLevels").add("SCANGATE_POLICY_PASSED");
    vsa.putObject("dependencyLevels");
    vsa.put("slsaVersion", "1.0");
    return json.writeValueAsString(vsa).getBytes(StandardCharsets.UTF_8);
  }

  private static String version() {
    String v = PromotionService.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  private static PromotionView view(ResultSet rs, int row) throws SQLException {
    return new PromotionView(rs.getObject("id", UUID.class),
        new PromotionView.Image(rs.getString("requested_reference"),
            rs.getString("image_digest"), rs.getString("repository")),
        rs.getString("environment"), rs.getString("status"), instant(rs, "promoted_at"),
        rs.getString("promoted_by"), rs.getObject("scan_id", UUID.class),
        rs.getObject("evaluation_id", UUID.class), rs.getObject("last_evaluation_id", UUID.class),
        new PromotionView.Policy(rs.getObject("policy_version_id", UUID.class),
            rs.getString("policy_digest")),
        rs.getObject("attestation_id", UUID.class), rs.getObject("signature_id", UUID.class),
        instant(rs, "at_risk_since"), instant(rs, "revoked_at"), rs.getString("revoke_reason"));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }
}

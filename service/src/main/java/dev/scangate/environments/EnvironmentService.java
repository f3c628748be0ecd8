package dev.scangate.environments;

import dev.scangate.audit.AuditLog;
import dev.scangate.platform.ApiException;
import dev.scangate.platform.ProblemType;
import dev.scangate.policies.PolicyService;
import dev.scangate.policies.StoredPolicyVersion;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The ordered environments and their policy bindings. Seeded at first start with dev → staging →
 * prod bound to the default policy.
 */
@Service
public class EnvironmentService {

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
  private static final Duration DEFAULT_GRACE = Duration.ofHours(24);

  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final Clock clock;
  private final PolicyService policies;
  private final AuditLog audit;

  EnvironmentService(JdbcClient jdbc, TransactionTemplate tx, Clock clock,
      PolicyService policies, AuditLog audit) {
    this.jdbc = jdbc;
    this.tx = tx;
    this.clock = clock;
    this.policies = policies;
    this.audit = audit;
  }

  /** Every environment in promotion order. */
  public List<Environment> list() {
    return jdbc.sql(SELECT + " order by e.position").query(EnvironmentService::map).list();
  }

  public Optional<Environment> find(String name) {
    return jdbc.sql(SELECT + " where e.name = :name").param("name", name)
        .query(EnvironmentService::map).optional();
  }

  /** The environment, or a 400 naming the known ones. */
  public Environment require(String name) {
    if (name == null || name.isBlank()) {
      throw new ApiException(ProblemType.VALIDATION_FAILED, "environment: is required (one of "
          + names() + ")", Map.of("field", "environment"));
    }
    return find(name).orElseThrow(() -> new ApiException(ProblemType.UNKNOWN_ENVIRONMENT,
        "environment: \"" + name + "\" does not exist; environments are " + names(),
        Map.of("field", "environment", "input", name)));
  }

  /** The environment right before this one in promotion order, if any. */
  public Optional<Environment> previous(Environment environment) {
    return jdbc.sql(SELECT + " where e.position < :position order by e.position desc limit 1")
        .param("position", environment.position()).query(EnvironmentService::map).optional();
  }

  Environment create(EnvironmentRequest request) {
    if (request == null || request.name() == null || !NAME.matcher(request.name()).matches()) {
      throw new ApiException(ProblemType.VALIDATION_FAILED, "name: must be 1-64 lowercase"
          + " letters, digits or '-' (example: prod)", Map.of("field", "name"));
    }
    StoredPolicyVersion version = binding(request.policyId(), request.policyVersion());
    Duration grace = grace(request.gracePeriod(), DEFAULT_GRACE);
    if (request.position() != null && request.position() < 0) {
      throw new ApiException(ProblemType.VALIDATION_FAILED, "position: must be >= 0",
          Map.of("field", "position"));
    }
    try {
      tx.executeWithoutResult(s -> {
        int position = request.position() != null ? request.position()
            : jdbc.sql("select coalesce(max(position), 0) + 10 from environments")
                .query(Integer.class).single();
        insert(request.name(), position, version.id(),
            Boolean.TRUE.equals(request.requiresPrevious()), grace);
        audit.record("environment.created", "environment", request.name(),
            settings(find(request.name()).orElseThrow()));
      });
    } catch (DuplicateKeyException e) {
      throw new ApiException(ProblemType.CONFLICT, "an environment named \"" + request.name()
          + "\" or at position " + request.position() + " already exists");
    }
    return find(request.name()).orElseThrow();
  }

  Environment update(String name, EnvironmentRequest request) {
    Environment current = require(name);
    if (request.name() != null && !request.name().equals(name)) {
      throw new ApiException(ProblemType.VALIDATION_FAILED, "name: an environment cannot be"
          + " renamed", Map.of("field", "name"));
    }
    UUID versionId = current.policyVersionId();
    if (request.policyId() != null) {
      versionId = binding(request.policyId(), request.policyVersion()).id();
    } else if (request.policyVersion() != null) {
      versionId = binding(current.policyId(), request.policyVersion()).id();
    }
    boolean requiresPrevious = request.requiresPrevious() != null ? request.requiresPrevious()
        : current.requiresPrevious();
    Duration grace = grace(request.gracePeriod(), current.gracePeriod());
    UUID bound = versionId;
    return tx.execute(s -> {
      jdbc.sql("""
              update environments set policy_version_id = :version,
                     requires_previous = :previous, grace_period_seconds = :grace,
                     updated_at = :now where name = :name""")
          .param("version", bound).param("previous", requiresPrevious)
          .param("grace", grace.toSeconds()).param("now", Timestamp.from(clock.instant()))
          .param("name", name).update();
      Environment updated = find(name).orElseThrow();
      Map<String, Object> details = settings(updated);
      details.put("changed", changes(current, updated));
      audit.record("environment.updated", "environment", name, details);
      return updated;
    });
  }

  /** Seeds dev → staging → prod bound to the given version when there is no environment. */
  void seedDefaults(StoredPolicyVersion version) {
    tx.executeWithoutResult(s -> {
      jdbc.sql("select pg_advisory_xact_lock(hashtext('scangate.environments.seed'))")
          .query(Object.class).optional();
      if (jdbc.sql("select count(*) from environments").query(Long.class).single() > 0) {
        return;
      }
      seed("dev", 10, version, false, Duration.ZERO);
      seed("staging", 20, version, true, Duration.ofHours(72));
      seed("prod", 30, version, true, Duration.ofHours(24));
    });
  }

  private void seed(String name, int position, StoredPolicyVersion version,
      boolean requiresPrevious, Duration grace) {
    insert(name, position, version.id(), requiresPrevious, grace);
    audit.recordAs(AuditLog.SYSTEM, "environment.created", "environment", name,
        settings(find(name).orElseThrow()));
  }

  /** An environment's settings as audit details. */
  private static Map<String, Object> settings(Environment e) {
    return AuditLog.details("position", e.position(), "policy", e.policyName(),
        "policyId", e.policyId().toString(), "policyVersion", e.policyVersion(),
        "policyDigest", e.policyDigest(), "requiresPrevious", e.requiresPrevious(),
        "gracePeriod", e.gracePeriod().toString());
  }

  /** The names of the settings that differ. */
  private static List<String> changes(Environment before, Environment after) {
    List<String> changed = new ArrayList<>();
    if (!before.policyVersionId().equals(after.policyVersionId())) {
      changed.add("policy");
    }
    if (before.requiresPrevious() != after.requiresPrevious()) {
      changed.add("requiresPrevious");
    }
    if (!before.gracePeriod().equals(after.gracePeriod())) {
      changed.add("gracePeriod");
    }
    return changed;
  }

  private void insert(String name, int position, UUID versionId, boolean requiresPrevious,
      Duration grace) {
    Timestamp now = Timestamp.from(clock.instant());
    jdbc.sql("""
            insert into environments (name, position, policy_version_id, requires_previous,
                                      grace_period_seconds, created_at, updated_at)
            values (:name, :position, :version, :previous, :grace, :now, :now)""")
        .param("name", name).param("position", position).param("version", versionId)
        .param("previous", requiresPrevious).param("grace", grace.toSeconds()).param("now", now)
        .update();
  }

  private StoredPolicyVersion binding(UUID policyId, Integer number) {
    if (policyId == null) {
      throw new ApiException(ProblemType.VALIDATION_FAILED, "policyId: is required",
          Map.of("field", "policyId"));
    }
    Optional<StoredPolicyVersion> version = number == null ? policies.latest(policyId)
        : policies.version(policyId, number);
    return version.orElseThrow(() -> new ApiException(ProblemType.VALIDATION_FAILED,
        "policyId/policyVersion: policy " + policyId + (number == null ? "" : " version " + number)
            + " does not exist", Map.of("field", "policyId")));
  }

  private static Duration grace(String text, Duration fallback) {
    if (text == null) {
      return fallback;
    }
    try {
      Duration d = Duration.parse(text);
      if (d.isNegative()) {
        throw new DateTimeParseException("negative", text, 0);
      }
      return d;
    } catch (DateTimeParseException e) {
      throw new ApiException(ProblemType.VALIDATION_FAILED, "gracePeriod: \"" + text
          + "\" is not a non-negative ISO-8601 duration (examples: PT24H, P3D, PT0S to revoke at"
          + " once)", Map.of("field", "gracePeriod"));
    }
  }

  private String names() {
    return String.join(", ", list().stream().map(Environment::name).toList());
  }

  private static final String SELECT = """
      select e.*, v.policy_id, v.version, v.digest, p.name as policy_name
        from environments e
        join policy_versions v on v.id = e.policy_version_id
        join policies p on p.id = v.policy_id""";

  private static Environment map(ResultSet rs, int row) throws SQLException {
    return new Environment(rs.getString("name"), rs.getInt("position"),
        rs.getObject("policy_id", UUID.class), rs.getString("policy_name"),
        rs.getObject("policy_version_id", UUID.class), rs.getInt("version"),
        rs.getString("digest"), rs.getBoolean("requires_previous"),
        Duration.ofSeconds(rs.getLong("grace_period_seconds")));
  }
}

package dev.scangate.waivers;

import dev.scangate.audit.AuditLog;
import dev.scangate.environments.EnvironmentService;
import dev.scangate.platform.Actors;
import dev.scangate.platform.ApiException;
import dev.scangate.platform.Page;
import dev.scangate.platform.ProblemType;
import dev.scangate.policy.match.Glob;
import dev.scangate.policy.match.InvalidPatternException;
import dev.scangate.policy.match.PurlPattern;
import dev.scangate.policy.waiver.Waiver;
import dev.scangate.policy.waiver.WaiverMatcher;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Waivers: accepted risks with a scope, a reason, an owner and an expiry. They are never
 * deleted: revocation and approval are recorded on them. An expired waiver stops applying by
 * itself, because evaluations only load waivers that have not expired at their evaluation time.
 */
@Service
public class WaiverService {

  /** A waiver was revoked; promoted images it covered are re-evaluated. */
  public record WaiverRevoked(UUID waiverId) {
  }

  /** Where a waiver came from. */
  public enum Source { API, OPENVEX, CYCLONEDX }

  /** A validated waiver to create, with its provenance. */
  public record Draft(String vulnerability, String packagePattern, String repository,
      String environment, String reason, String justification, String owner, Instant expiresAt,
      Source source, String sourceDocument) {
  }

  private static final Pattern VULNERABILITY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/+-]{1,199}");

  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final Clock clock;
  private final WaiverProperties properties;
  private final EnvironmentService environments;
  private final ApplicationEventPublisher events;
  private final WaiverMatcher matcher;
  private final AuditLog audit;

  WaiverService(JdbcClient jdbc, TransactionTemplate tx, Clock clock, WaiverProperties properties,
      EnvironmentService environments, ApplicationEventPublisher events, AuditLog audit) {
    this.jdbc = jdbc;
    this.tx = tx;
    this.clock = clock;
    this.properties = properties;
    this.environments = environments;
    this.events = events;
    this.matcher = new WaiverMatcher(java.util.Set.copyOf(properties.approvalRequired()));
    this.audit = audit;
  }

  /** The matcher with the configured approval rules. */
  public WaiverMatcher matcher() {
    return matcher;
  }

  /** Validates a request (a 400 naming the field otherwise). */
  public Draft validate(WaiverRequest r, Source source, String sourceDocument) {
    if (r == null) {
      throw invalid("body", "a waiver is a JSON object: {vulnerability, package?, repository?,"
          + " environment?, reason, owner, expiresAt}");
    }
    if (r.vulnerability() == null || r.vulnerability().isBlank()) {
      throw invalid("vulnerability", "is required (example: CVE-2021-44228)");
    }
    String vulnerability = r.vulnerability().strip();
    if (!VULNERABILITY.matcher(vulnerability).matches()) {
      throw invalid("vulnerability", "\"" + vulnerability + "\" is not a vulnerability id"
          + " (example: CVE-2021-44228, GHSA-jfh8-c2jp-5v3q)");
    }
    String pkg = blankToNull(r.packagePattern());
    if (pkg != null) {
      try {
        PurlPattern.parse(pkg);
      } catch (InvalidPatternException e) {
        throw invalid("package", e.getMessage());
      }
    }
    String repository = blankToNull(r.repository());
    if (repository != null) {
      try {
        Glob.parse(repository);
      } catch (InvalidPatternException e) {
        throw invalid("repository", e.getMessage());
      }
    }
    String environment = blankToNull(r.environment());
    if (environment != null) {
      environments.require(environment);
    }
    if (r.reason() == null || r.reason().isBlank()) {
      throw invalid("reason", "is required: say why the risk is accepted");
    }
    if (r.owner() == null || r.owner().isBlank()) {
      throw invalid("owner", "is required: who answers for this waiver");
    }
    Instant expiresAt = expiry(r.expiresAt());
    return new Draft(vulnerability, pkg, repository, environment, r.reason().strip(),
        blankToNull(r.justification()), r.owner().strip(), expiresAt, source, sourceDocument);
  }

  /** Checks an expiry: required, in the future, within the maximum duration. */
  public Instant expiry(String text) {
    if (text == null || text.isBlank()) {
      throw invalid("expiresAt", "is required: every waiver expires (at most "
          + properties.maxDuration().toDays() + " days from now, example: "
          + clock.instant().plus(java.time.Duration.ofDays(30)).truncatedTo(
              java.time.temporal.ChronoUnit.SECONDS) + ")");
    }
    Instant expiresAt;
    try {
      expiresAt = OffsetDateTime.parse(text.strip()).toInstant();
    } catch (DateTimeParseException e) {
      throw invalid("expiresAt", "\"" + text + "\" is not an ISO-8601 instant"
          + " (example: 2030-01-31T00:00:00Z)");
    }
    Instant now = clock.instant();
    if (!expiresAt.isAfter(now)) {
      throw invalid("expiresAt", text + " is not in the future");
    }
    Instant max = now.plus(properties.maxDuration());
    if (expiresAt.isAfter(max)) {
      throw invalid("expiresAt", text + " is beyond the maximum waiver duration of "
          + properties.maxDuration().toDays() + " days (scangate.waivers.max-duration): at"
          + " most " + max);
    }
    return expiresAt;
  }

  /** The default expiry of waivers imported without one: the maximum duration from now. */
  public Instant maxExpiry() {
    return clock.instant().plus(properties.maxDuration());
  }

  /** Creates waivers in one transaction: all or none. */
  public List<WaiverView> create(List<Draft> drafts, String actor) {
    Instant now = clock.instant();
    List<UUID> ids = tx.execute(s -> {
      List<UUID> created = new ArrayList<>();
      for (Draft d : drafts) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into waivers (id, vulnerability_id, purl_pattern, repository_glob,
                                     environment, reason, justification, owner, source,
                                     source_document, created_by, created_at, expires_at)
                values (:id, :vulnerability, :purl, :repository, :environment, :reason,
                        :justification, :owner, :source, :document, :actor, :now, :expires)""")
            .param("id", id).param("vulnerability", d.vulnerability())
            .param("purl", d.packagePattern()).param("repository", d.repository())
            .param("environment", d.environment()).param("reason", d.reason())
            .param("justification", d.justification()).param("owner", d.owner())
            .param("source", d.source().name()).param("document", d.sourceDocument())
            .param("actor", actor).param("now", Timestamp.from(now))
            .param("expires", Timestamp.from(d.expiresAt())).update();
        audit.record("waiver.created", "waiver", id.toString(), AuditLog.details(
            "vulnerability", d.vulnerability(), "package", d.packagePattern(),
            "repository", d.repository(), "environment", d.environment(),
            "reason", d.reason(), "justification", d.justification(), "owner", d.owner(),
            "expiresAt", storedExpiry(id).toString(),
            "source", d.source().name().toLowerCase(Locale.ROOT),
            "sourceDocument", d.sourceDocument()));
        created.add(id);
      }
      return created;
    });
    return ids.stream().map(id -> find(id).orElseThrow()).toList();
  }

  public Optional<WaiverView> find(UUID id) {
    Instant now = clock.instant();
    return jdbc.sql("select * from waivers where id = :id").param("id", id)
        .query((rs, n) -> view(rs, now)).optional();
  }

  /**
   * Waivers, newest first.
   *
   * @param status ACTIVE, EXPIRED, REVOKED, or null for all
   */
  public Page<WaiverView> list(String vulnerability, String status, int page, int size) {
    Page.validate(page, size);
    Instant now = clock.instant();
    List<String> where = new ArrayList<>();
    Map<String, Object> params = new HashMap<>();
    params.put("now", Timestamp.from(now));
    if (vulnerability != null && !vulnerability.isBlank()) {
      where.add("lower(vulnerability_id) = lower(:vulnerability)");
      params.put("vulnerability", vulnerability.strip());
    }
    if (status != null && !status.isBlank()) {
      switch (status.strip().toUpperCase(Locale.ROOT)) {
        case "ACTIVE" -> where.add("revoked_at is null and expires_at > :now");
        case "EXPIRED" -> where.add("revoked_at is null and expires_at <= :now");
        case "REVOKED" -> where.add("revoked_at is not null");
        default -> throw invalid("status", "\"" + status + "\" is not one of ACTIVE, EXPIRED,"
            + " REVOKED");
      }
    }
    String filter = where.isEmpty() ? "true" : String.join(" and ", where);
    long total = jdbc.sql("select count(*) from waivers where " + filter).params(params)
        .query(Long.class).single();
    List<WaiverView> items = jdbc.sql("select * from waivers where " + filter
            + " order by created_at desc, id limit :limit offset :offset")
        .params(params).param("limit", size).param("offset", (long) page * size)
        .query((rs, n) -> view(rs, now)).list();
    return new Page<>(items, page, size, total);
  }

  /** Revokes a waiver: it stops applying at once and promotions it covered are re-evaluated. */
  public WaiverView revoke(UUID id, String reason, String actor) {
    WaiverView current = find(id).orElseThrow(() -> notFound(id));
    if (current.revokedAt() != null) {
      throw new ApiException(ProblemType.CONFLICT, "waiver " + id + " was already revoked at "
          + current.revokedAt() + " by " + current.revokedBy());
    }
    String why = reason == null || reason.isBlank() ? "revoked" : reason.strip();
    tx.executeWithoutResult(s -> {
      int revoked = jdbc.sql("""
              update waivers set revoked_at = :now, revoked_by = :actor, revoke_reason = :reason
               where id = :id and revoked_at is null""")
          .param("now", Timestamp.from(clock.instant())).param("actor", actor)
          .param("reason", why).param("id", id).update();
      if (revoked > 0) {
        audit.record("waiver.revoked", "waiver", id.toString(), AuditLog.details(
            "vulnerability", current.vulnerability(), "reason", why));
      }
    });
    events.publishEvent(new WaiverRevoked(id));
    return find(id).orElseThrow();
  }

  /**
   * Approves a waiver. The approver must be an authenticated user other than the waiver's
   * creator and owner (four eyes).
   */
  public WaiverView approve(UUID id, String actor) {
    WaiverView current = find(id).orElseThrow(() -> notFound(id));
    if (!Actors.isAuthenticated(actor)) {
      throw new ApiException(ProblemType.APPROVAL_NOT_PERMITTED, "waiver " + id + " cannot be"
          + " approved anonymously: approvals are made by an authenticated user other than"
          + " its creator and owner", Map.of("waiver", id.toString()));
    }
    // The owner is a person's name as written in the request; the actor is token:<name> or
    // user:<name>. The same person, however they authenticate, may not approve.
    boolean creator = actor.equalsIgnoreCase(current.createdBy())
        || Actors.bareName(actor).equalsIgnoreCase(Actors.bareName(current.createdBy()));
    boolean owner = Actors.bareName(actor).equalsIgnoreCase(current.owner());
    if (creator || owner) {
      throw new ApiException(ProblemType.APPROVAL_NOT_PERMITTED, "waiver " + id + " cannot be"
          + " approved by " + actor + ", who " + (creator ? "created" : "owns")
          + " it: another user must approve it (four eyes)",
          Map.of("waiver", id.toString()));
    }
    if (!"ACTIVE".equals(current.status())) {
      throw new ApiException(ProblemType.CONFLICT, "waiver " + id + " is "
          + current.status().toLowerCase(Locale.ROOT) + " and cannot be approved");
    }
    if (current.approvedBy() != null) {
      throw new ApiException(ProblemType.CONFLICT, "waiver " + id + " was already approved by "
          + current.approvedBy());
    }
    tx.executeWithoutResult(s -> {
      jdbc.sql("update waivers set approved_by = :actor, approved_at = :now where id = :id")
          .param("actor", actor).param("now", Timestamp.from(clock.instant())).param("id", id)
          .update();
      audit.record("waiver.approved", "waiver", id.toString(), AuditLog.details(
          "vulnerability", current.vulnerability(), "environment", current.environment(),
          "owner", current.owner(), "createdBy", current.createdBy()));
    });
    return find(id).orElseThrow();
  }

  /** The waivers neither revoked nor expired at {@code at}, as the policy library sees them. */
  public List<Waiver> activeAt(Instant at) {
    return jdbc.sql("""
            select * from waivers where revoked_at is null and expires_at > :at order by id""")
        .param("at", Timestamp.from(at)).query(WaiverService::waiver).list();
  }

  /** Waivers by id (any state), as the policy library sees them. */
  public List<Waiver> byIds(java.util.Collection<UUID> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return jdbc.sql("select * from waivers where id = any(:ids) order by id")
        .param("ids", ids.toArray(new UUID[0])).query(WaiverService::waiver).list();
  }

  /** The waivers that expired in {@code (from, to]} and were not revoked. */
  public List<UUID> expiredBetween(Instant from, Instant to) {
    return jdbc.sql("""
            select id from waivers where revoked_at is null
               and expires_at > :from and expires_at <= :to""")
        .param("from", Timestamp.from(from)).param("to", Timestamp.from(to))
        .query(UUID.class).list();
  }

  /** The expiry as stored (PostgreSQL rounds to microseconds), for the audit event. */
  private Instant storedExpiry(UUID id) {
    return jdbc.sql("select expires_at from waivers where id = :id").param("id", id)
        .query((rs, n) -> rs.getTimestamp(1).toInstant()).single();
  }

  static ApiException notFound(UUID id) {
    return new ApiException(ProblemType.NOT_FOUND, "no waiver with id " + id);
  }

  private static ApiException invalid(String field, String message) {
    return new ApiException(ProblemType.VALIDATION_FAILED, field + ": " + message,
        Map.of("field", field));
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  private static Waiver waiver(ResultSet rs, int row) throws SQLException {
    return new Waiver(rs.getString("id"), rs.getString("vulnerability_id"),
        rs.getString("purl_pattern"), rs.getString("repository_glob"),
        rs.getString("environment"), rs.getString("reason"), rs.getString("owner"),
        rs.getTimestamp("expires_at").toInstant(), rs.getString("approved_by"),
        rs.getTimestamp("revoked_at") != null);
  }

  private static WaiverView view(ResultSet rs, Instant now) throws SQLException {
    Instant expiresAt = rs.getTimestamp("expires_at").toInstant();
    Instant revokedAt = instant(rs, "revoked_at");
    String status = revokedAt != null ? "REVOKED" : now.isBefore(expiresAt) ? "ACTIVE" : "EXPIRED";
    return new WaiverView(rs.getObject("id", UUID.class), rs.getString("vulnerability_id"),
        rs.getString("purl_pattern"), rs.getString("repository_glob"),
        rs.getString("environment"), rs.getString("reason"), rs.getString("justification"),
        rs.getString("owner"), rs.getString("source"), rs.getString("created_by"),
        instant(rs, "created_at"), expiresAt, status, rs.getString("approved_by"),
        instant(rs, "approved_at"), rs.getString("revoked_by"), revokedAt,
        rs.getString("revoke_reason"));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }
}

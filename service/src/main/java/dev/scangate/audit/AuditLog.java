package dev.scangate.audit;

import dev.scangate.platform.Page;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.core.StreamWriteFeature;

/**
 * The append-only audit log. Each event is chained to the one before by
 * {@code hash = SHA-256(prevHash + "\n" + canonicalJson(event))}, where the canonical JSON has
 * the fields {@code action, actor, at, details, id, targetId, targetType} with object keys
 * sorted, no whitespace, and decimals written plainly. The table refuses UPDATE, DELETE and
 * TRUNCATE with a trigger; {@link #verify()} recomputes the chain.
 *
 * <p>Features record their state changes in the transaction that makes them, so an event exists
 * exactly when the change does:
 *
 * <pre>{@code
 * tx.executeWithoutResult(status -> {
 *   waivers.save(waiver);
 *   audit.record("waiver.created", "waiver", waiver.id().toString(),
 *       Map.of("vulnerability", waiver.vulnerability(), "expiresAt", waiver.expiresAt()));
 * });
 * }</pre>
 *
 * <p>Appending takes a transaction-scoped advisory lock so events are chained in commit order
 * across instances; record the event as the last write of the transaction to hold it briefly.
 */
@Service
public class AuditLog {

  /** The {@code prev_hash} of the first event. */
  public static final String GENESIS = "0".repeat(64);
  /** The actor of changes the application makes by itself (startup, workers). */
  public static final String SYSTEM = "system";
  private static final long CHAIN_LOCK = 0x5343_4e47_4155_4454L; // "SCNGAUDT"
  private static final int VERIFY_BATCH = 1000;
  static final JsonMapper CANONICAL = JsonMapper.builder()
      .enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
      .build();

  private final JdbcClient jdbc;
  private final Clock clock;

  AuditLog(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /**
   * Appends an event by the current caller (the authenticated token or user, else
   * {@link #SYSTEM}) to the caller's transaction. There must be one: an audit event commits or
   * rolls back with the change it records.
   *
   * @param details facts about the change (strings, numbers, booleans, lists, maps); never
   *     secrets
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public AuditEvent record(String action, String targetType, String targetId,
      Map<String, ?> details) {
    return append(currentActor(), action, targetType, targetId, details);
  }

  /** Like {@link #record} with an explicit actor, e.g. {@link #SYSTEM} at startup. */
  @Transactional(propagation = Propagation.MANDATORY)
  public AuditEvent recordAs(String actor, String action, String targetType, String targetId,
      Map<String, ?> details) {
    return append(actor, action, targetType, targetId, details);
  }

  /**
   * Details from alternating keys and values, in that order, leaving out null values:
   * {@code details("environment", "prod", "reason", reasonOrNull)}.
   */
  public static Map<String, Object> details(Object... keysAndValues) {
    if (keysAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("details need a value for every key");
    }
    Map<String, Object> details = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      if (keysAndValues[i + 1] != null) {
        details.put((String) keysAndValues[i], keysAndValues[i + 1]);
      }
    }
    return details;
  }

  /** Who is calling: the authenticated principal's name, or {@link #SYSTEM}. */
  public static String currentActor() {
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    if (authentication == null || !authentication.isAuthenticated()
        || authentication instanceof AnonymousAuthenticationToken) {
      return SYSTEM;
    }
    return authentication.getName();
  }

  private AuditEvent append(String actor, String action, String targetType, String targetId,
      Map<String, ?> details) {
    if (action == null || action.isBlank()) {
      throw new IllegalArgumentException("an audit event needs an action");
    }
    jdbc.sql("select pg_advisory_xact_lock(:key)").param("key", CHAIN_LOCK).query().listOfRows();
    String prev = jdbc.sql("select hash from audit_events order by id desc limit 1")
        .query(String.class).optional().orElse(GENESIS);
    long id = jdbc.sql("select nextval('audit_events_id_seq')").query(Long.class).single();
    Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
    // Round-trip the details through jsonb first, so the hash is computed from exactly what
    // verify() will read back.
    String stored = jdbc.sql("select cast(:details as jsonb)::text")
        .param("details", CANONICAL.writeValueAsString(details == null ? Map.of() : details))
        .query(String.class).single();
    JsonNode detailsNode = CANONICAL.readTree(stored);
    String hash = hash(prev, id, at, actor, action, targetType, targetId, detailsNode);
    jdbc.sql("""
            insert into audit_events (id, at, actor, action, target_type, target_id, details,
                                      prev_hash, hash)
            values (:id, :at, :actor, :action, :targetType, :targetId, cast(:details as jsonb),
                    :prev, :hash)""")
        .param("id", id).param("at", Timestamp.from(at)).param("actor", actor)
        .param("action", action).param("targetType", targetType).param("targetId", targetId)
        .param("details", stored).param("prev", prev).param("hash", hash).update();
    return new AuditEvent(id, at, actor, action, targetType, targetId, detailsNode, prev, hash);
  }

  static String hash(String prev, long id, Instant at, String actor, String action,
      String targetType, String targetId, JsonNode details) {
    ObjectNode event = CANONICAL.createObjectNode();
    event.put("id", id);
    event.put("at", at.toString());
    event.put("actor", actor);
    event.put("action", action);
    event.put("targetType", targetType);
    event.put("targetId", targetId);
    event.set("details", details);
    String canonical = CANONICAL.writeValueAsString(event);
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      sha256.update(prev.getBytes(StandardCharsets.US_ASCII));
      sha256.update((byte) '\n');
      sha256.update(canonical.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sha256.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /** A filter over the log; null fields match everything. */
  public record Query(String action, String actor, Instant since) {
  }

  /** Events matching the query, newest first. */
  @Transactional(readOnly = true)
  public Page<AuditEvent> list(Query query, int page, int size) {
    String where = """
        where (cast(:action as text) is null or action = :action)
          and (cast(:actor as text) is null or actor = :actor)
          and (cast(:since as timestamptz) is null or at >= :since)""";
    Timestamp since = query.since() == null ? null : Timestamp.from(query.since());
    long total = jdbc.sql("select count(*) from audit_events " + where)
        .param("action", query.action()).param("actor", query.actor()).param("since", since)
        .query(Long.class).single();
    List<AuditEvent> items = jdbc.sql("select * from audit_events " + where
            + " order by id desc limit :limit offset :offset")
        .param("action", query.action()).param("actor", query.actor()).param("since", since)
        .param("limit", size).param("offset", (long) page * size)
        .query((rs, n) -> map(rs)).list();
    return new Page<>(items, page, size, total);
  }

  /**
   * Walks the whole chain from the first event, recomputing each hash, and reports the first
   * event whose stored hash or link to its predecessor does not match.
   */
  @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
  public AuditVerification verify() {
    String expectedPrev = GENESIS;
    long checked = 0;
    long after = 0;
    AuditVerification.Link head = null;
    while (true) {
      List<AuditEvent> batch = new ArrayList<>(jdbc.sql(
              "select * from audit_events where id > :after order by id limit :limit")
          .param("after", after).param("limit", VERIFY_BATCH).query((rs, n) -> map(rs)).list());
      if (batch.isEmpty()) {
        return new AuditVerification(true, checked, head, null);
      }
      for (AuditEvent event : batch) {
        checked++;
        if (!event.prevHash().equals(expectedPrev)) {
          return new AuditVerification(false, checked, head, new AuditVerification.Broken(
              event.id(), "prev_hash does not match the hash of the event before it (an event"
              + " was removed, inserted or altered before this one)", expectedPrev,
              event.prevHash()));
        }
        String recomputed = hash(event.prevHash(), event.id(), event.at(), event.actor(),
            event.action(), event.targetType(), event.targetId(), event.details());
        if (!recomputed.equals(event.hash())) {
          return new AuditVerification(false, checked, head, new AuditVerification.Broken(
              event.id(), "the stored event does not match its hash (its content was changed)",
              recomputed, event.hash()));
        }
        expectedPrev = event.hash();
        head = new AuditVerification.Link(event.id(), event.hash());
        after = event.id();
      }
    }
  }

  private static AuditEvent map(ResultSet rs) throws SQLException {
    return new AuditEvent(rs.getLong("id"),
        rs.getObject("at", OffsetDateTime.class).toInstant(), rs.getString("actor"),
        rs.getString("action"), rs.getString("target_type"), rs.getString("target_id"),
        CANONICAL.readTree(rs.getString("details")), rs.getString("prev_hash"),
        rs.getString("hash"));
  }
}

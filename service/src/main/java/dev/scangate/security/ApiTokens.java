package dev.scangate.security;

import dev.scangate.audit.AuditLog;
import dev.scangate.platform.ApiException;
import dev.scangate.platform.Authority;
import dev.scangate.platform.Page;
import dev.scangate.platform.ProblemType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * API tokens: {@code sgt_} followed by 32 random bytes in base64url. Only the SHA-256 of a
 * token is stored. A slow password hash (bcrypt, Argon2) protects low-entropy secrets against
 * guessing; a 256-bit random token cannot be guessed, so SHA-256 is as safe here, and it lets a
 * request's token be found with one index lookup instead of checking a slow hash per token.
 */
@Service
public class ApiTokens {

  static final String PREFIX = "sgt_";
  private static final int PREFIX_SHOWN = 10;
  private static final int MAX_NAME = 100;
  /** How often last_used_at is written for a token in use. */
  private static final Duration LAST_USED_GRANULARITY = Duration.ofMinutes(1);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final Clock clock;
  private final AuditLog audit;

  ApiTokens(JdbcClient jdbc, TransactionTemplate tx, Clock clock, AuditLog audit) {
    this.jdbc = jdbc;
    this.tx = tx;
    this.clock = clock;
    this.audit = audit;
  }

  /** Where a token comes from. */
  enum Origin { API, BOOTSTRAP, INITIAL }

  /** A created token: the only time its secret is available. */
  public record Created(TokenView token, String secret) {
    @Override
    public String toString() {
      return "Created[" + token.id() + "]";
    }
  }

  /** The outcome of presenting a secret. */
  sealed interface Check permits Valid, Refused {
  }

  record Valid(UUID id, String name, Set<Authority> scopes) implements Check {
  }

  record Refused(String reason) implements Check {
  }

  /**
   * Creates a token.
   *
   * @throws ApiException 400 naming the bad field
   */
  public Created create(String name, List<String> scopes, Instant expiresAt) {
    String checkedName = checkName(name);
    Set<Authority> parsed = parseScopes(scopes);
    if (expiresAt != null && !expiresAt.isAfter(clock.instant())) {
      throw new ApiException(ProblemType.VALIDATION_FAILED, "expiresAt: " + expiresAt
          + " is not in the future", Map.of("field", "expiresAt", "input", expiresAt.toString()));
    }
    String secret = newSecret();
    UUID id = tx.execute(status -> {
      UUID created = insert(checkedName, parsed, expiresAt, secret, Origin.API,
          AuditLog.currentActor());
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("name", checkedName);
      details.put("scopes", names(parsed));
      details.put("expiresAt", expiresAt == null ? null : expiresAt.toString());
      audit.record("token.created", "token", created.toString(), details);
      return created;
    });
    return new Created(find(id).orElseThrow(), secret);
  }

  /** Tokens, newest first. */
  public Page<TokenView> list(int page, int size) {
    Page.validate(page, size);
    long total = jdbc.sql("select count(*) from api_tokens").query(Long.class).single();
    List<TokenView> items = jdbc.sql("""
            select * from api_tokens order by created_at desc, id limit :limit offset :offset""")
        .param("limit", size).param("offset", (long) page * size).query(this::view).list();
    return new Page<>(items, page, size, total);
  }

  public Optional<TokenView> find(UUID id) {
    return jdbc.sql("select * from api_tokens where id = :id").param("id", id).query(this::view)
        .optional();
  }

  /** Revokes a token at once; revoking a revoked token changes nothing. */
  public TokenView revoke(UUID id) {
    tx.executeWithoutResult(status -> {
      TokenView token = jdbc.sql("select * from api_tokens where id = :id for update")
          .param("id", id).query(this::view).optional()
          .orElseThrow(() -> new ApiException(ProblemType.NOT_FOUND, "no API token with id " + id,
              Map.of("tokenId", id.toString())));
      if (token.revokedAt() != null) {
        return;
      }
      jdbc.sql("update api_tokens set revoked_at = :now where id = :id")
          .param("now", Timestamp.from(clock.instant())).param("id", id).update();
      audit.record("token.revoked", "token", id.toString(), Map.of("name", token.name()));
    });
    return find(id).orElseThrow();
  }

  /** Checks a presented secret: unknown, revoked and expired tokens are refused, saying which. */
  Check check(String secret) {
    if (secret == null || !secret.startsWith(PREFIX)) {
      return new Refused("not a scangate API token (they start with " + PREFIX + ")");
    }
    Optional<Row> found = jdbc.sql("""
            select id, name, scopes, expires_at, revoked_at, last_used_at
            from api_tokens where token_hash = :hash""")
        .param("hash", sha256(secret)).query((rs, n) -> new Row(rs.getObject("id", UUID.class),
            rs.getString("name"), scopes(rs.getArray("scopes")), instant(rs, "expires_at"),
            instant(rs, "revoked_at"), instant(rs, "last_used_at"))).optional();
    if (found.isEmpty()) {
      return new Refused("unknown API token");
    }
    Row row = found.get();
    Instant now = clock.instant();
    if (row.revokedAt() != null) {
      return new Refused("API token \"" + row.name() + "\" was revoked at " + row.revokedAt());
    }
    if (row.expiresAt() != null && !now.isBefore(row.expiresAt())) {
      return new Refused("API token \"" + row.name() + "\" expired at " + row.expiresAt());
    }
    if (row.lastUsedAt() == null || row.lastUsedAt().plus(LAST_USED_GRANULARITY).isBefore(now)) {
      jdbc.sql("update api_tokens set last_used_at = :now where id = :id")
          .param("now", Timestamp.from(now)).param("id", row.id()).update();
    }
    return new Valid(row.id(), row.name(), row.scopes());
  }

  private record Row(UUID id, String name, Set<Authority> scopes, Instant expiresAt,
      Instant revokedAt, Instant lastUsedAt) {
  }

  /**
   * Makes the configured bootstrap token the one active bootstrap token: inserted when new, the
   * previous one revoked when the value changed, revoked when none is configured any more. Runs
   * inside the caller's transaction.
   */
  void syncBootstrap(String secret) {
    Optional<Map<String, Object>> current = jdbc.sql("""
            select id, token_hash from api_tokens
            where origin = 'BOOTSTRAP' and revoked_at is null for update""")
        .query().listOfRows().stream().findFirst();
    String hash = secret == null ? null : sha256(secret);
    if (current.isPresent() && current.get().get("token_hash").equals(hash)) {
      return;
    }
    if (current.isPresent()) {
      UUID old = (UUID) current.get().get("id");
      jdbc.sql("update api_tokens set revoked_at = :now where id = :id")
          .param("now", Timestamp.from(clock.instant())).param("id", old).update();
      audit.recordAs(AuditLog.SYSTEM, "token.revoked", "token", old.toString(),
          Map.of("name", "bootstrap", "reason", secret == null
              ? "scangate.bootstrap-token is no longer configured"
              : "scangate.bootstrap-token changed"));
    }
    if (secret != null) {
      // A value configured before (and replaced since) becomes the bootstrap token again.
      Optional<UUID> earlier = jdbc.sql("""
              update api_tokens set revoked_at = null
              where token_hash = :hash and origin = 'BOOTSTRAP' returning id""")
          .param("hash", hash).query(UUID.class).optional();
      if (earlier.isPresent()) {
        audit.recordAs(AuditLog.SYSTEM, "token.reinstated", "token", earlier.get().toString(),
            Map.of("name", "bootstrap", "origin", "scangate.bootstrap-token"));
        return;
      }
      if (jdbc.sql("select exists(select 1 from api_tokens where token_hash = :hash)")
          .param("hash", hash).query(Boolean.class).single()) {
        throw new IllegalStateException("scangate.bootstrap-token is the secret of an existing"
            + " API token; configure a new random value");
      }
      UUID id = insert("bootstrap", EnumSet.of(Authority.ADMIN), null, secret, Origin.BOOTSTRAP,
          AuditLog.SYSTEM);
      audit.recordAs(AuditLog.SYSTEM, "token.created", "token", id.toString(),
          Map.of("name", "bootstrap", "scopes", List.of("admin"),
              "origin", "scangate.bootstrap-token"));
    }
  }

  /** Whether any token was ever created (revoked ones included). */
  boolean anyEver() {
    return jdbc.sql("select exists(select 1 from api_tokens)").query(Boolean.class).single();
  }

  /** Creates the admin token of the very first start; returns its secret. In the caller's tx. */
  String createInitial() {
    String secret = newSecret();
    UUID id = insert("initial-admin", EnumSet.of(Authority.ADMIN), null, secret, Origin.INITIAL,
        AuditLog.SYSTEM);
    audit.recordAs(AuditLog.SYSTEM, "token.created", "token", id.toString(),
        Map.of("name", "initial-admin", "scopes", List.of("admin"), "origin", "first start"));
    return secret;
  }

  private UUID insert(String name, Set<Authority> scopes, Instant expiresAt, String secret,
      Origin origin, String createdBy) {
    UUID id = UUID.randomUUID();
    jdbc.sql("""
            insert into api_tokens (id, name, token_hash, prefix, scopes, created_at, created_by,
                                    expires_at, origin)
            values (:id, :name, :hash, :prefix, cast(:scopes as text[]), :now, :createdBy,
                    :expiresAt, :origin)""")
        .param("id", id).param("name", name).param("hash", sha256(secret))
        .param("prefix", secret.substring(0, PREFIX_SHOWN))
        .param("scopes", "{" + String.join(",", names(scopes)) + "}")
        .param("now", Timestamp.from(clock.instant())).param("createdBy", createdBy)
        .param("expiresAt", expiresAt == null ? null : Timestamp.from(expiresAt))
        .param("origin", origin.name()).update();
    return id;
  }

  static String newSecret() {
    byte[] random = new byte[32];
    RANDOM.nextBytes(random);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
  }

  static String sha256(String secret) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  private static String checkName(String name) {
    if (name == null || name.isBlank()) {
      throw new ApiException(ProblemType.VALIDATION_FAILED, "name: must not be blank",
          Map.of("field", "name"));
    }
    String trimmed = name.strip();
    if (trimmed.length() > MAX_NAME) {
      throw new ApiException(ProblemType.VALIDATION_FAILED, "name: at most " + MAX_NAME
          + " characters, got " + trimmed.length(), Map.of("field", "name"));
    }
    return trimmed;
  }

  private static Set<Authority> parseScopes(List<String> scopes) {
    if (scopes == null || scopes.isEmpty()) {
      throw new ApiException(ProblemType.VALIDATION_FAILED, "scopes: name at least one of "
          + Authority.names(), Map.of("field", "scopes"));
    }
    Set<Authority> parsed = EnumSet.noneOf(Authority.class);
    for (String scope : scopes) {
      try {
        parsed.add(Authority.parse(scope));
      } catch (IllegalArgumentException e) {
        throw new ApiException(ProblemType.VALIDATION_FAILED, "scopes: " + e.getMessage(),
            Map.of("field", "scopes", "input", String.valueOf(scope)));
      }
    }
    return parsed;
  }

  private static List<String> names(Set<Authority> scopes) {
    return scopes.stream().map(Authority::value).toList();
  }

  private static Set<Authority> scopes(Array array) throws SQLException {
    Set<Authority> scopes = EnumSet.noneOf(Authority.class);
    for (Object value : (Object[]) array.getArray()) {
      scopes.add(Authority.parse((String) value));
    }
    return scopes;
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  private TokenView view(ResultSet rs, int row) throws SQLException {
    Instant expires = instant(rs, "expires_at");
    Instant revoked = instant(rs, "revoked_at");
    String status = revoked != null ? "revoked"
        : expires != null && !clock.instant().isBefore(expires) ? "expired" : "active";
    List<String> scopes = new ArrayList<>();
    for (Object value : (Object[]) rs.getArray("scopes").getArray()) {
      scopes.add((String) value);
    }
    return new TokenView(rs.getObject("id", UUID.class), rs.getString("name"),
        rs.getString("prefix"), scopes, instant(rs, "created_at"), rs.getString("created_by"),
        expires, revoked, instant(rs, "last_used_at"), status,
        rs.getString("origin").toLowerCase(Locale.ROOT));
  }
}

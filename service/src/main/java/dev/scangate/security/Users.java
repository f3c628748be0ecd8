package dev.scangate.security;

import dev.scangate.audit.AuditLog;
import dev.scangate.platform.ApiException;
import dev.scangate.platform.Page;
import dev.scangate.platform.ProblemType;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Local dashboard accounts. Passwords are stored by Spring Security's
 * {@code DelegatingPasswordEncoder} ({@code {bcrypt}…}), so the algorithm can change later
 * without invalidating stored hashes.
 */
@Service
public class Users {

  private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,99}");
  static final int MIN_PASSWORD = 12;
  /** bcrypt uses at most 72 bytes of a password; Spring Security refuses longer ones. */
  static final int MAX_PASSWORD_BYTES = 72;

  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final Clock clock;
  private final AuditLog audit;
  private final PasswordEncoder passwords;

  Users(JdbcClient jdbc, TransactionTemplate tx, Clock clock, AuditLog audit,
      PasswordEncoder passwords) {
    this.jdbc = jdbc;
    this.tx = tx;
    this.clock = clock;
    this.audit = audit;
    this.passwords = passwords;
  }

  /** A stored account with its password hash, for login. */
  record Account(UUID id, String username, String passwordHash, Role role, boolean disabled,
      String source) {
    @Override
    public String toString() {
      return "Account[" + username + ", " + role.value() + (disabled ? ", disabled" : "") + "]";
    }
  }

  /** Creates a local account; 409 when the username is taken. */
  public UserView create(String username, String password, String role) {
    String name = field("username", () -> checkUsername(username));
    check("password", () -> checkPassword(password, "password"));
    Role parsed = field("role", () -> Role.parse(role));
    String hash = passwords.encode(password);
    UUID id = UUID.randomUUID();
    try {
      tx.executeWithoutResult(status -> {
        insert(id, name, hash, parsed, "LOCAL");
        audit.record("user.created", "user", id.toString(),
            Map.of("username", name, "role", parsed.value()));
      });
    } catch (DuplicateKeyException e) {
      throw new ApiException(ProblemType.CONFLICT, "username \"" + name + "\" is taken",
          Map.of("field", "username", "input", name));
    }
    return find(id).orElseThrow();
  }

  public Page<UserView> list(int page, int size) {
    Page.validate(page, size);
    long total = jdbc.sql("select count(*) from users").query(Long.class).single();
    List<UserView> items = jdbc.sql("select * from users order by username limit :l offset :o")
        .param("l", size).param("o", (long) page * size).query(Users::view).list();
    return new Page<>(items, page, size, total);
  }

  public Optional<UserView> find(UUID id) {
    return jdbc.sql("select * from users where id = :id").param("id", id).query(Users::view)
        .optional();
  }

  /**
   * Changes an account's role, disabled flag or password; null leaves a field as it is. A
   * disabled account's sessions end at their next request.
   */
  public UserView update(UUID id, String role, Boolean disabled, String password) {
    Role newRole = role == null ? null : field("role", () -> Role.parse(role));
    if (password != null) {
      check("password", () -> checkPassword(password, "password"));
    }
    if (newRole == null && disabled == null && password == null) {
      throw new ApiException(ProblemType.VALIDATION_FAILED,
          "name at least one of role, disabled, password to change");
    }
    String hash = password == null ? null : passwords.encode(password);
    tx.executeWithoutResult(status -> {
      Account account = jdbc.sql("select * from users where id = :id for update")
          .param("id", id).query(Users::account).optional()
          .orElseThrow(() -> notFound(id));
      Map<String, Object> changes = new LinkedHashMap<>();
      changes.put("username", account.username());
      if (newRole != null && newRole != account.role()) {
        changes.put("role", Map.of("from", account.role().value(), "to", newRole.value()));
      }
      if (disabled != null && disabled != account.disabled()) {
        changes.put("disabled", disabled);
      }
      if (hash != null) {
        changes.put("passwordChanged", true);
      }
      if (changes.size() == 1) {
        return;
      }
      jdbc.sql("""
              update users set role = coalesce(:role, role),
                               disabled = coalesce(:disabled, disabled),
                               password_hash = coalesce(:hash, password_hash),
                               updated_at = :now
              where id = :id""")
          .param("role", newRole == null ? null : newRole.value()).param("disabled", disabled)
          .param("hash", hash).param("now", Timestamp.from(clock.instant())).param("id", id)
          .update();
      audit.record("user.updated", "user", id.toString(), changes);
    });
    return find(id).orElseThrow();
  }

  /** The account for a login name, if any. */
  Optional<Account> account(String username) {
    return jdbc.sql("select * from users where username = :u").param("u", username)
        .query(Users::account).optional();
  }

  Optional<Account> account(UUID id) {
    return jdbc.sql("select * from users where id = :id").param("id", id).query(Users::account)
        .optional();
  }

  boolean anyEver() {
    return jdbc.sql("select exists(select 1 from users)").query(Boolean.class).single();
  }

  /**
   * Makes the configured bootstrap admin exist as an enabled admin with the configured password;
   * a bootstrap admin no longer configured (or renamed) is disabled. In the caller's tx.
   */
  void syncBootstrap(IdentityProperties.BootstrapAdmin admin) {
    List<Account> previous = jdbc.sql("""
            select * from users where source = 'BOOTSTRAP' and not disabled for update""")
        .query(Users::account).list();
    Instant now = clock.instant();
    for (Account old : previous) {
      if (!admin.configured() || !old.username().equals(admin.username())) {
        jdbc.sql("update users set disabled = true, updated_at = :now where id = :id")
            .param("now", Timestamp.from(now)).param("id", old.id()).update();
        audit.recordAs(AuditLog.SYSTEM, "user.updated", "user", old.id().toString(),
            Map.of("username", old.username(), "disabled", true,
                "reason", "no longer scangate.bootstrap-admin"));
      }
    }
    if (!admin.configured()) {
      return;
    }
    Optional<Account> existing = account(admin.username());
    if (existing.isEmpty()) {
      UUID id = UUID.randomUUID();
      insert(id, admin.username(), passwords.encode(admin.password()), Role.ADMIN, "BOOTSTRAP");
      audit.recordAs(AuditLog.SYSTEM, "user.created", "user", id.toString(),
          Map.of("username", admin.username(), "role", "admin",
              "origin", "scangate.bootstrap-admin"));
      return;
    }
    Account account = existing.get();
    boolean samePassword = account.passwordHash() != null
        && passwords.matches(admin.password(), account.passwordHash());
    if (samePassword && account.role() == Role.ADMIN && !account.disabled()
        && account.source().equals("BOOTSTRAP")) {
      return;
    }
    jdbc.sql("""
            update users set role = 'admin', disabled = false, source = 'BOOTSTRAP',
                             password_hash = :hash, updated_at = :now
            where id = :id""")
        .param("hash", samePassword ? account.passwordHash() : passwords.encode(admin.password()))
        .param("now", Timestamp.from(now)).param("id", account.id()).update();
    Map<String, Object> changes = new LinkedHashMap<>();
    changes.put("username", account.username());
    changes.put("origin", "scangate.bootstrap-admin");
    if (!samePassword) {
      changes.put("passwordChanged", true);
    }
    if (account.role() != Role.ADMIN) {
      changes.put("role", Map.of("from", account.role().value(), "to", "admin"));
    }
    if (account.disabled()) {
      changes.put("disabled", false);
    }
    audit.recordAs(AuditLog.SYSTEM, "user.updated", "user", account.id().toString(), changes);
  }

  private void insert(UUID id, String username, String hash, Role role, String source) {
    Timestamp now = Timestamp.from(clock.instant());
    jdbc.sql("""
            insert into users (id, username, password_hash, role, source, disabled, created_at,
                               updated_at)
            values (:id, :username, :hash, :role, :source, false, :now, :now)""")
        .param("id", id).param("username", username).param("hash", hash)
        .param("role", role.value()).param("source", source).param("now", now).update();
  }

  static String checkUsername(String username) {
    if (username == null || !USERNAME.matcher(username).matches()) {
      throw new IllegalArgumentException("username must be 1-100 characters of letters, digits,"
          + " '.', '_', '@', '-', starting with a letter or digit, got \"" + username + "\"");
    }
    return username;
  }

  static void checkPassword(String password, String setting) {
    if (password == null || password.length() < MIN_PASSWORD) {
      throw new IllegalArgumentException(setting + " must be at least " + MIN_PASSWORD
          + " characters");
    }
    if (IdentityProperties.utf8Length(password) > MAX_PASSWORD_BYTES) {
      throw new IllegalArgumentException(setting + " must be at most " + MAX_PASSWORD_BYTES
          + " bytes in UTF-8 (bcrypt ignores the rest)");
    }
  }

  static ApiException notFound(UUID id) {
    return new ApiException(ProblemType.NOT_FOUND, "no user with id " + id,
        Map.of("userId", id.toString()));
  }

  private static <T> T field(String name, java.util.function.Supplier<T> check) {
    try {
      return check.get();
    } catch (IllegalArgumentException e) {
      throw new ApiException(ProblemType.VALIDATION_FAILED, name + ": " + e.getMessage(),
          Map.of("field", name));
    }
  }

  private static void check(String name, Runnable check) {
    field(name, () -> {
      check.run();
      return Boolean.TRUE;
    });
  }

  private static Account account(ResultSet rs, int row) throws SQLException {
    return new Account(rs.getObject("id", UUID.class), rs.getString("username"),
        rs.getString("password_hash"), Role.parse(rs.getString("role")),
        rs.getBoolean("disabled"), rs.getString("source"));
  }

  private static UserView view(ResultSet rs, int row) throws SQLException {
    return new UserView(rs.getObject("id", UUID.class), rs.getString("username"),
        rs.getString("role"), rs.getBoolean("disabled"),
        rs.getString("source").toLowerCase(Locale.ROOT),
        rs.getObject("created_at", java.time.OffsetDateTime.class).toInstant(),
        rs.getObject("updated_at", java.time.OffsetDateTime.class).toInstant());
  }
}

package dev.scangate.attestations;

import dev.scangate.audit.AuditLog;
import dev.scangate.platform.ApiException;
import dev.scangate.platform.Page;
import dev.scangate.platform.ProblemType;
import dev.scangate.signing.CosignKeyException;
import dev.scangate.signing.CosignKeys;
import dev.scangate.signing.CosignPrivateKey;
import dev.scangate.signing.SignatureVerifier;
import dev.scangate.signing.Signer;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The signing keys: several in the database, one active for new signatures, all usable for
 * verification. Which key is active is read from the database at every signing, so activating a
 * key ({@code POST /api/v1/keys/{id}/activate}) rotates every instance at once without a
 * restart. Decrypted keys are cached in memory by id; passwords are not kept.
 *
 * <p>At startup: the key of {@code scangate.signing.key-file} is imported (and made active the
 * first time it is seen); without one, a key is generated when there is no active key. Then the
 * active key is opened, so an instance that cannot sign does not start.
 *
 * <pre>{@code
 * Signer signer = keys.activeSigner();
 * DsseEnvelope envelope = DsseEnvelope.sign(DsseEnvelope.IN_TOTO_PAYLOAD_TYPE, statement, signer);
 * }</pre>
 */
@Service
public class SigningKeys implements SmartInitializingSingleton {

  static final String ALGORITHM = "ECDSA_P256_SHA256";
  private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);
  private static final Pattern KEY_ID = Pattern.compile("[0-9a-f]{64}");
  /** pg_advisory_xact_lock key serializing key bootstrap and activation across instances. */
  private static final long KEYS_LOCK = 0x5343_4e47_4b45_5953L; // "SCNGKEYS"

  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final Clock clock;
  private final SigningPasswords passwords;
  private final ObjectProvider<ConfiguredKey> configured;
  private final AuditLog audit;
  private final Map<String, Signer> opened = new ConcurrentHashMap<>();

  SigningKeys(JdbcClient jdbc, TransactionTemplate tx, Clock clock, SigningPasswords passwords,
      ObjectProvider<ConfiguredKey> configured, AuditLog audit) {
    this.audit = audit;
    this.jdbc = jdbc;
    this.tx = tx;
    this.clock = clock;
    this.passwords = passwords;
    this.configured = configured;
  }

  /** A stored key, without its decrypted form. */
  record StoredKey(String id, String publicKeyPem, String encryptedPrivateKey, String source,
      boolean active, Instant createdAt, Instant activatedAt) {

    KeyView view() {
      return new KeyView(id, ALGORITHM, createdAt, active, source, activatedAt);
    }

    @Override
    public String toString() {
      return "StoredKey[" + id + ", " + source + (active ? ", active" : "") + "]";
    }
  }

  @Override
  public void afterSingletonsInstantiated() {
    ConfiguredKey imported = configured.getIfAvailable();
    String activeId = tx.execute(status -> {
      lock();
      if (imported != null) {
        importConfigured(imported);
      }
      Optional<StoredKey> active = activeKey();
      if (active.isPresent()) {
        return active.get().id();
      }
      return storeGenerated(Activation.ACTIVE).keyId();
    });
    try {
      signer(activeId);
    } catch (KeyLockedException e) {
      throw new IllegalStateException("the active signing key " + activeId + " cannot be opened: "
          + e.getMessage() + "; configure scangate.signing.key-password (or -file) with the"
          + " password it was stored with, or import a key with scangate.signing.key-file");
    }
    log.info("signing with key {}", activeId);
  }

  private void importConfigured(ConfiguredKey imported) {
    CosignPrivateKey key = imported.key();
    boolean known = find(key.keyId()).isPresent();
    if (!known) {
      Instant now = clock.instant();
      jdbc.sql("update signing_keys set active = false where active").update();
      jdbc.sql("""
              insert into signing_keys (id, algorithm, public_key_pem, encrypted_private_key,
                                        source, active, created_at, activated_at)
              values (:id, :algorithm, :pub, :pem, 'IMPORTED', true, :now, :now)""")
          .param("id", key.keyId()).param("algorithm", ALGORITHM)
          .param("pub", key.publicKeyPem()).param("pem", imported.pem())
          .param("now", Timestamp.from(now)).update();
      audit.recordAs(AuditLog.SYSTEM, "key.imported", "key", key.keyId(),
          Map.of("source", "scangate.signing.key-file", "active", true));
      log.info("imported signing key {} from scangate.signing.key-file; it is now the active key",
          key.keyId());
    } else if (activeKey().isEmpty()) {
      setActive(key.keyId());
    }
    opened.putIfAbsent(key.keyId(), key.signer());
  }

  /** Whether a key generated now becomes the active one. */
  private enum Activation { ACTIVE, INACTIVE }

  /** Generates and stores a key encrypted with the password for new keys. */
  private CosignKeys storeGenerated(Activation activation) {
    boolean active = activation == Activation.ACTIVE;
    SigningPasswords.Password password = passwords.forNewKeys();
    CosignKeys keys;
    try {
      keys = CosignKeys.generate(password.value());
    } finally {
      Arrays.fill(password.value(), '\0');
    }
    Instant now = clock.instant();
    jdbc.sql("""
            insert into signing_keys (id, algorithm, public_key_pem, encrypted_private_key,
                                      source, active, created_at, activated_at)
            values (:id, :algorithm, :pub, :pem, 'GENERATED', :active, :now, :activatedAt)""")
        .param("id", keys.keyId()).param("algorithm", ALGORITHM)
        .param("pub", keys.publicKeyPem()).param("pem", keys.encryptedPrivateKeyPem())
        .param("active", active).param("now", Timestamp.from(now))
        .param("activatedAt", active ? Timestamp.from(now) : null).update();
    opened.put(keys.keyId(), keys.key().signer());
    audit.record("key.generated", "key", keys.keyId(), Map.of("active", active));
    if (active) {
      log.warn("generated signing key {} (no scangate.signing.key-file configured). Configure"
          + " your own cosign key for production.", keys.keyId());
    }
    return keys;
  }

  /** Every key, the active one first, then newest first. */
  public List<KeyView> list() {
    return jdbc.sql("select * from signing_keys order by active desc, created_at desc, id")
        .query(SigningKeys::map).list().stream().map(StoredKey::view).toList();
  }

  /** One page of {@link #list()}: active first, then newest first. */
  public Page<KeyView> page(int page, int size) {
    List<KeyView> items = jdbc.sql("""
            select * from signing_keys order by active desc, created_at desc, id
             limit :size offset :offset""")
        .param("size", size).param("offset", (long) page * size)
        .query(SigningKeys::map).list().stream().map(StoredKey::view).toList();
    long total = jdbc.sql("select count(*) from signing_keys").query(Long.class).single();
    return new Page<>(items, page, size, total);
  }

  /** A key by id; empty for an unknown or malformed id. */
  public Optional<KeyView> find(String id) {
    return stored(id).map(StoredKey::view);
  }

  /** The key's public key as cosign writes {@code cosign.pub}. */
  public Optional<String> publicKeyPem(String id) {
    return stored(id).map(StoredKey::publicKeyPem);
  }

  /** Generates a new key (not active) encrypted like generated keys are; see class docs. */
  public KeyView generate() {
    String id = tx.execute(status -> {
      lock();
      return storeGenerated(Activation.INACTIVE).keyId();
    });
    return find(id).orElseThrow();
  }

  /**
   * Makes a key the active one. New signatures use it from now on, on every instance; the
   * others keep verifying.
   *
   * @throws ApiException 404 for an unknown key, 409 when its private key does not open with
   *     the passwords this instance has
   */
  public KeyView activate(String id) {
    StoredKey key = stored(id).orElseThrow(() -> notFound(id));
    try {
      signer(key.id());
    } catch (KeyLockedException e) {
      throw new ApiException(ProblemType.CONFLICT, "key " + id + " cannot be activated: "
          + e.getMessage(), Map.of("keyId", id));
    }
    tx.executeWithoutResult(status -> {
      lock();
      String previous = activeKey().map(StoredKey::id).orElse(null);
      setActive(key.id());
      if (!key.id().equals(previous)) {
        Map<String, Object> details = new java.util.LinkedHashMap<>();
        details.put("previous", previous);
        audit.record("key.activated", "key", key.id(), details);
      }
    });
    log.info("signing key {} activated", id);
    return find(id).orElseThrow();
  }

  private void setActive(String id) {
    jdbc.sql("update signing_keys set active = false where active and id <> :id")
        .param("id", id).update();
    jdbc.sql("update signing_keys set active = true, activated_at = :now where id = :id"
            + " and not active")
        .param("id", id).param("now", Timestamp.from(clock.instant())).update();
  }

  /** The signer of the active key, read from the database now. */
  public Signer activeSigner() {
    StoredKey active = activeKey().orElseThrow(() -> new IllegalStateException(
        "no signing key is active"));
    return signer(active.id());
  }

  /** A verifier for a stored key. */
  public Optional<SignatureVerifier> verifier(String id) {
    return stored(id).map(key -> SignatureVerifier.fromPem(key.publicKeyPem()));
  }

  static ApiException notFound(String id) {
    return new ApiException(ProblemType.NOT_FOUND, "no signing key with id \"" + id + "\"; "
        + "GET /api/v1/keys lists them", Map.of("keyId", String.valueOf(id)));
  }

  /**
   * The key, decrypted with the first password that opens it (cached).
   *
   * @throws KeyLockedException when no password this instance has opens it
   */
  Signer signer(String id) {
    Signer cached = opened.get(id);
    if (cached != null) {
      return cached;
    }
    StoredKey key = stored(id).orElseThrow(() -> new IllegalStateException(
        "signing key " + id + " does not exist"));
    List<String> tried = new ArrayList<>();
    for (SigningPasswords.Password password : passwords.candidates()) {
      try {
        Signer signer = CosignPrivateKey.decrypt(key.encryptedPrivateKey(), password.value())
            .signer();
        opened.put(id, signer);
        return signer;
      } catch (CosignKeyException e) {
        if (e.reason() != CosignKeyException.Reason.WRONG_PASSWORD) {
          throw new KeyLockedException("the stored key is unusable: " + e.getMessage());
        }
        tried.add(password.source());
      } finally {
        Arrays.fill(password.value(), '\0');
      }
    }
    throw new KeyLockedException(tried.isEmpty()
        ? "no password is configured and the generated password file does not exist"
        : "its private key does not open with the password from " + String.join(" or ", tried));
  }

  private Optional<StoredKey> activeKey() {
    return jdbc.sql("select * from signing_keys where active").query(SigningKeys::map).optional();
  }

  private Optional<StoredKey> stored(String id) {
    if (id == null || !KEY_ID.matcher(id).matches()) {
      return Optional.empty();
    }
    return jdbc.sql("select * from signing_keys where id = :id").param("id", id)
        .query(SigningKeys::map).optional();
  }

  private void lock() {
    jdbc.sql("select pg_advisory_xact_lock(:key)").param("key", KEYS_LOCK).query().listOfRows();
  }

  private static StoredKey map(ResultSet rs, int row) throws SQLException {
    Timestamp activated = rs.getTimestamp("activated_at");
    return new StoredKey(rs.getString("id"), rs.getString("public_key_pem"),
        rs.getString("encrypted_private_key"), rs.getString("source"), rs.getBoolean("active"),
        rs.getTimestamp("created_at").toInstant(), activated == null ? null
            : activated.toInstant());
  }

  /** A stored key does not open with the passwords this instance has. */
  static final class KeyLockedException extends RuntimeException {
    KeyLockedException(String message) {
      super(message);
    }
  }
}

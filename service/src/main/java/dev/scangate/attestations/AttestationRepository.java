package dev.scangate.attestations;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for {@code attestations}. */
@Repository
class AttestationRepository {

  private final JdbcClient jdbc;

  AttestationRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void insert(StoredAttestation a) {
    jdbc.sql("""
            insert into attestations (id, scan_id, kind, image_digest, repository, predicate_type,
                                      key_id, envelope, signature, created_at, push_status,
                                      push_attempts, push_error)
            values (:id, :scan, :kind, :digest, :repository, :predicateType, :keyId, :envelope,
                    :signature, :createdAt, :status, 0, :error)""")
        .param("id", a.id()).param("scan", a.scanId()).param("kind", a.kind().name())
        .param("digest", a.imageDigest()).param("repository", a.repository())
        .param("predicateType", a.predicateType()).param("keyId", a.keyId())
        .param("envelope", a.envelope()).param("signature", a.signature())
        .param("createdAt", Timestamp.from(a.createdAt()))
        .param("status", a.pushStatus().name()).param("error", a.pushError()).update();
  }

  Optional<StoredAttestation> find(UUID id) {
    return jdbc.sql("select * from attestations where id = :id").param("id", id)
        .query(AttestationRepository::map).optional();
  }

  List<StoredAttestation> ofScan(UUID scanId) {
    return jdbc.sql("select * from attestations where scan_id = :scan order by created_at, id")
        .param("scan", scanId).query(AttestationRepository::map).list();
  }

  /** The attestations (not signatures) of an image digest, oldest first. */
  List<StoredAttestation> attestationsOf(String imageDigest) {
    return jdbc.sql("""
            select * from attestations where image_digest = :digest and kind = 'ATTESTATION'
             order by created_at, id""")
        .param("digest", imageDigest).query(AttestationRepository::map).list();
  }

  /** Drops what an earlier attempt of the same scan stored but did not push. */
  int deleteUnpushedOfScan(UUID scanId) {
    return jdbc.sql("delete from attestations where scan_id = :scan and push_status <> 'PUSHED'")
        .param("scan", scanId).update();
  }

  /** The cosign tag holds it now, in the manifest {@code manifestDigest}. */
  void markTagPushed(UUID id, String manifestDigest, Instant now) {
    jdbc.sql("""
            update attestations set tag_pushed_at = :now, pushed_manifest_digest = :manifest
             where id = :id""")
        .param("id", id).param("manifest", manifestDigest).param("now", Timestamp.from(now))
        .update();
  }

  /** The image's referrers list it now, as the manifest {@code manifestDigest}. */
  void markReferrerPushed(UUID id, String manifestDigest, String via, Instant now) {
    jdbc.sql("""
            update attestations set referrers_pushed_at = :now, referrer_manifest_digest = :manifest,
                   referrers_via = :via
             where id = :id""")
        .param("id", id).param("manifest", manifestDigest).param("via", via)
        .param("now", Timestamp.from(now)).update();
  }

  /** Every destination has it. */
  void markPushed(UUID id, Instant now) {
    jdbc.sql("""
            update attestations set push_status = 'PUSHED', push_attempts = push_attempts + 1,
                   push_error = null, pushed_at = :now
             where id = :id""")
        .param("id", id).param("now", Timestamp.from(now)).update();
  }

  void recordPushFailure(UUID id, String error) {
    jdbc.sql("""
            update attestations set push_attempts = push_attempts + 1, push_error = :error
             where id = :id and push_status = 'PENDING'""")
        .param("id", id).param("error", error).update();
  }

  /** Retries are exhausted: the attestation stays stored, not pushed. */
  void markFailed(UUID id, String error) {
    jdbc.sql("""
            update attestations set push_status = 'FAILED', push_error = coalesce(:error, push_error)
             where id = :id and push_status = 'PENDING'""")
        .param("id", id).param("error", error).update();
  }

  /**
   * Takes the transaction-scoped advisory lock of an image's cosign tags. Registries have no
   * conditional tag write (a PUT of a manifest to a tag is last-writer-wins,
   * distribution-spec "Pushing Manifests"), so appends to one image's {@code .att}/{@code .sig}
   * are serialized here, across every instance sharing the database.
   */
  void lockImage(String repository, String imageDigest) {
    jdbc.sql("select pg_advisory_xact_lock(:key)")
        .param("key", lockKey(repository + "@" + imageDigest)).query().listOfRows();
  }

  static long lockKey(String image) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256")
          .digest(("scangate-cosign-tags:" + image).getBytes(StandardCharsets.UTF_8));
      long key = 0;
      for (int i = 0; i < 8; i++) {
        key = (key << 8) | (hash[i] & 0xff);
      }
      return key;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  private static StoredAttestation map(ResultSet rs, int row) throws SQLException {
    Timestamp pushedAt = rs.getTimestamp("pushed_at");
    return new StoredAttestation(rs.getObject("id", UUID.class),
        rs.getObject("scan_id", UUID.class),
        StoredAttestation.Kind.valueOf(rs.getString("kind")), rs.getString("image_digest"),
        rs.getString("repository"), rs.getString("predicate_type"), rs.getString("key_id"),
        rs.getBytes("envelope"), rs.getBytes("signature"),
        rs.getTimestamp("created_at").toInstant(),
        StoredAttestation.PushStatus.valueOf(rs.getString("push_status")),
        rs.getInt("push_attempts"), rs.getString("push_error"),
        pushedAt == null ? null : pushedAt.toInstant(),
        new StoredAttestation.Destinations(instant(rs.getTimestamp("tag_pushed_at")),
            rs.getString("pushed_manifest_digest"),
            instant(rs.getTimestamp("referrers_pushed_at")),
            rs.getString("referrer_manifest_digest"), rs.getString("referrers_via")));
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }
}

package dev.scangate.images;

import dev.scangate.attestations.Attestations;
import dev.scangate.platform.Page;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Images by digest, where they were seen, and which tags pointed at them. Writes are upserts, so
 * two workers recording the same digest, or a reclaimed scan recording it again, agree.
 */
@Service
public class ImageService {

  private final JdbcClient jdbc;
  private final Clock clock;
  private final Attestations attestations;

  ImageService(JdbcClient jdbc, Clock clock, Attestations attestations) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.attestations = attestations;
  }

  /** Records an image (or index) as seen now in {@code repository} ({@code registry/repo}). */
  @Transactional
  public void record(ImageRecord image, String repository) {
    Timestamp now = Timestamp.from(clock.instant());
    String[] platform = image.platform() == null ? new String[3]
        : java.util.Arrays.copyOf(image.platform().split("/"), 3);
    jdbc.sql("""
            insert into images (digest, media_type, size, os, architecture, variant, config_digest,
                                config_user, created, config_json, first_seen, last_seen)
            values (:digest, :mediaType, :size, :os, :arch, :variant, :configDigest, :user,
                    :created, :configJson, :now, :now)
            on conflict (digest) do update set last_seen = excluded.last_seen""")
        .param("digest", image.digest()).param("mediaType", image.mediaType())
        .param("size", image.size()).param("os", platform[0]).param("arch", platform[1])
        .param("variant", platform[2]).param("configDigest", image.configDigest())
        .param("user", image.user())
        .param("created", image.created() == null ? null : Timestamp.from(image.created()))
        .param("configJson", image.configJson()).param("now", now)
        .update();
    int position = 0;
    for (ImageRecord.Layer layer : image.layers()) {
      jdbc.sql("""
              insert into image_layers (image_digest, position, digest, media_type, size)
              values (:image, :position, :digest, :mediaType, :size)
              on conflict do nothing""")
          .param("image", image.digest()).param("position", position++)
          .param("digest", layer.digest()).param("mediaType", layer.mediaType())
          .param("size", layer.size()).update();
    }
    image.labels().forEach((name, value) -> jdbc.sql("""
            insert into image_labels (image_digest, name, value) values (:image, :name, :value)
            on conflict do nothing""")
        .param("image", image.digest()).param("name", name).param("value", value).update());
    for (ImageRecord.Child child : image.children()) {
      jdbc.sql("""
              insert into image_children (index_digest, child_digest, platform, media_type, size)
              values (:index, :child, :platform, :mediaType, :size)
              on conflict do nothing""")
          .param("index", image.digest()).param("child", child.digest())
          .param("platform", child.platform()).param("mediaType", child.mediaType())
          .param("size", child.size()).update();
    }
    jdbc.sql("""
            insert into image_repositories (image_digest, repository, first_seen, last_seen)
            values (:image, :repository, :now, :now)
            on conflict (image_digest, repository) do update set last_seen = excluded.last_seen""")
        .param("image", image.digest()).param("repository", repository).param("now", now)
        .update();
  }

  /**
   * Notes that {@code repository:tag} resolved to {@code digest}; history gets a row only when
   * the tag moved.
   */
  @Transactional
  public void observeTag(String repository, String tag, String digest) {
    // Serialize observers of the same tag so two workers do not both append the same move.
    jdbc.sql("select pg_advisory_xact_lock(hashtext(:key))")
        .param("key", repository + ":" + tag).query(Object.class).optional();
    Optional<String> latest = jdbc.sql("""
            select digest from tag_history where repository = :repository and tag = :tag
             order by observed_at desc, id desc limit 1""")
        .param("repository", repository).param("tag", tag).query(String.class).optional();
    if (latest.isEmpty() || !latest.get().equals(digest)) {
      jdbc.sql("""
              insert into tag_history (repository, tag, digest, observed_at)
              values (:repository, :tag, :digest, :now)""")
          .param("repository", repository).param("tag", tag).param("digest", digest)
          .param("now", Timestamp.from(clock.instant())).update();
    }
  }

  @Transactional(readOnly = true)
  public Page<ImageSummary> list(String query, int page, int size) {
    Page.validate(page, size);
    String like = query == null || query.isBlank() ? null
        : "%" + query.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    String filter = like == null ? "true" : """
        (i.digest like :like or exists (select 1 from image_repositories r
                                         where r.image_digest = i.digest and r.repository like :like))""";
    long total = jdbc.sql("select count(*) from images i where " + filter)
        .params(like == null ? Map.of() : Map.of("like", like)).query(Long.class).single();
    JdbcClient.StatementSpec spec = jdbc.sql("""
            select i.*,
                   (select string_agg(r.repository, ' ' order by r.repository)
                      from image_repositories r where r.image_digest = i.digest) as repositories,
                   s.id as scan_id, s.status as scan_status, s.finished_at as scan_finished_at
              from images i
              left join lateral (select id, status, finished_at from scans
                                  where digest = i.digest order by requested_at desc limit 1) s
                     on true
             where %s
             order by i.last_seen desc, i.digest
             limit :limit offset :offset""".formatted(filter))
        .param("limit", size).param("offset", (long) page * size);
    if (like != null) {
      spec = spec.param("like", like);
    }
    List<ImageSummary> items = spec.query(ImageService::summary).list();
    return new Page<>(items, page, size, total);
  }

  @Transactional(readOnly = true)
  public Optional<ImageDetail> find(String digest) {
    Optional<ImageSummary> summary = jdbc.sql("""
            select i.*,
                   (select string_agg(r.repository, ' ' order by r.repository)
                      from image_repositories r where r.image_digest = i.digest) as repositories,
                   s.id as scan_id, s.status as scan_status, s.finished_at as scan_finished_at
              from images i
              left join lateral (select id, status, finished_at from scans
                                  where digest = i.digest or index_digest = i.digest
                                  order by requested_at desc limit 1) s on true
             where i.digest = :digest""")
        .param("digest", digest).query(ImageService::summary).optional();
    if (summary.isEmpty()) {
      return Optional.empty();
    }
    String configUser = jdbc.sql("select config_user from images where digest = :d")
        .param("d", digest).query(String.class).optional().orElse(null);
    Instant created = jdbc.sql("select created from images where digest = :d").param("d", digest)
        .query((rs, n) -> instant(rs, "created")).optional().orElse(null);
    List<ImageDetail.Layer> layers = jdbc.sql("""
            select digest, media_type, size from image_layers where image_digest = :d
             order by position""")
        .param("d", digest)
        .query((rs, n) -> new ImageDetail.Layer(rs.getString("digest"), rs.getString("media_type"),
            rs.getLong("size"))).list();
    Map<String, String> labels = new LinkedHashMap<>();
    jdbc.sql("select name, value from image_labels where image_digest = :d order by name")
        .param("d", digest).query((rs, n) -> labels.put(rs.getString(1), rs.getString(2))).list();
    List<ImageDetail.Child> children = jdbc.sql("""
            select child_digest, platform, media_type, size from image_children
             where index_digest = :d order by platform, child_digest""")
        .param("d", digest)
        .query((rs, n) -> new ImageDetail.Child(rs.getString("child_digest"),
            rs.getString("platform"), rs.getString("media_type"), rs.getLong("size"))).list();
    List<String> indexes = jdbc.sql(
            "select index_digest from image_children where child_digest = :d order by 1")
        .param("d", digest).query(String.class).list();
    List<ImageDetail.TagEvent> tags = jdbc.sql("""
            select repository, tag, observed_at from tag_history where digest = :d
             order by observed_at desc, id desc""")
        .param("d", digest)
        .query((rs, n) -> new ImageDetail.TagEvent(rs.getString("repository"), rs.getString("tag"),
            instant(rs, "observed_at"))).list();
    // A reporting read of the promotions feature's table, as the image view lists them.
    List<ImageDetail.Promotion> promotions = jdbc.sql("""
            select id, environment, status, promoted_at, promoted_by, policy_digest,
                   at_risk_since, revoked_at, revoke_reason
              from promotions where image_digest = :d order by promoted_at desc, id""")
        .param("d", digest)
        .query((rs, n) -> new ImageDetail.Promotion(rs.getObject("id", java.util.UUID.class),
            rs.getString("environment"), rs.getString("status"), instant(rs, "promoted_at"),
            rs.getString("promoted_by"), rs.getString("policy_digest"),
            instant(rs, "at_risk_since"), instant(rs, "revoked_at"),
            rs.getString("revoke_reason"))).list();
    return Optional.of(new ImageDetail(summary.get(), configUser, created, labels, layers,
        children, indexes, tags, attestations.summariesOf(digest), promotions));
  }

  /** The indexes (by digest) that list any of these manifests as a child. */
  @Transactional(readOnly = true)
  public List<String> indexesOf(java.util.Collection<String> childDigests) {
    if (childDigests.isEmpty()) {
      return List.of();
    }
    return jdbc.sql("""
            select distinct index_digest from image_children
             where child_digest = any(:children) order by 1""")
        .param("children", childDigests.toArray(new String[0])).query(String.class).list();
  }

  /** The digests a tag has pointed at, newest first. */
  @Transactional(readOnly = true)
  public List<ImageDetail.TagEvent> tagHistory(String repository, String tag) {
    return jdbc.sql("""
            select repository, tag, observed_at, digest from tag_history
             where repository = :repository and tag = :tag order by observed_at desc, id desc""")
        .param("repository", repository).param("tag", tag)
        .query((rs, n) -> new ImageDetail.TagEvent(rs.getString("repository"), rs.getString("tag"),
            instant(rs, "observed_at"))).list();
  }

  private static ImageSummary summary(ResultSet rs, int row) throws SQLException {
    String repositories = rs.getString("repositories");
    String os = rs.getString("os");
    String platform = os == null ? null : os + "/" + rs.getString("architecture")
        + (rs.getString("variant") == null ? "" : "/" + rs.getString("variant"));
    ImageSummary.LatestScan latest = rs.getObject("scan_id") == null ? null
        : new ImageSummary.LatestScan(rs.getObject("scan_id", java.util.UUID.class),
            rs.getString("scan_status"), instant(rs, "scan_finished_at"));
    return new ImageSummary(rs.getString("digest"), rs.getString("media_type"), rs.getLong("size"),
        platform, repositories == null ? List.of() : List.of(repositories.split(" ")),
        instant(rs, "first_seen"), instant(rs, "last_seen"), latest);
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }
}

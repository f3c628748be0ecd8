package dev.scangate.vulndb;

import dev.scangate.osv.EcosystemFamily;
import dev.scangate.osv.ImportedRecord;
import dev.scangate.osv.OsvAffected;
import dev.scangate.osv.OsvEcosystem;
import dev.scangate.osv.OsvRecord;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code advisories} table. */
@Repository
class AdvisoryStore {

  private static final Pattern SEPARATORS = Pattern.compile("[-_.]+");

  /** What applying one record did. */
  enum Applied { ADDED, UPDATED, WITHDRAWN, UNCHANGED }

  private final JdbcClient jdbc;

  AdvisoryStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Stores a record unless the stored version is as new or newer; one statement, so a record
   * is applied whole or not at all.
   */
  Applied apply(ImportedRecord imported, String source, UUID importId, Instant now) {
    OsvRecord record = imported.record();
    Set<String> aliases = new LinkedHashSet<>(record.aliases());
    aliases.addAll(record.upstream());
    aliases.remove(record.id());
    Map<String, Object> row = jdbc.sql("""
            with previous as (select withdrawn from advisories where id = :id),
            up as (
              insert into advisories (id, modified, published, withdrawn, aliases, ecosystems,
                                      package_names, summary, severity, record, source,
                                      import_id, imported_at)
              values (:id, :modified, :published, :withdrawn, :aliases, :ecosystems, :names,
                      :summary, :severity, :record, :source, :import, :now)
              on conflict (id) do update set modified = excluded.modified,
                  published = excluded.published, withdrawn = excluded.withdrawn,
                  aliases = excluded.aliases, ecosystems = excluded.ecosystems,
                  package_names = excluded.package_names, summary = excluded.summary,
                  severity = excluded.severity, record = excluded.record,
                  source = excluded.source, import_id = excluded.import_id,
                  imported_at = excluded.imported_at
                where advisories.modified < excluded.modified
              returning (xmax = 0) as inserted)
            select exists (select 1 from up) as changed,
                   coalesce((select inserted from up), false) as inserted,
                   coalesce((select withdrawn is not null from previous), false) as was_withdrawn
            """)
        .param("id", record.id()).param("modified", ts(record.modified()))
        .param("published", ts(record.published())).param("withdrawn", ts(record.withdrawn()))
        .param("aliases", aliases.toArray(new String[0]))
        .param("ecosystems", record.ecosystems().toArray(new String[0]))
        .param("names", packageNames(record).toArray(new String[0]))
        .param("summary", record.summary()).param("severity", record.databaseSeverity())
        .param("record", new String(imported.json(), StandardCharsets.UTF_8))
        .param("source", source).param("import", importId).param("now", ts(now))
        .query().singleRow();
    if (!(Boolean) row.get("changed")) {
      return Applied.UNCHANGED;
    }
    boolean inserted = (Boolean) row.get("inserted");
    if (record.isWithdrawn() && (inserted || !(Boolean) row.get("was_withdrawn"))) {
      return Applied.WITHDRAWN;
    }
    return inserted ? Applied.ADDED : Applied.UPDATED;
  }

  /**
   * The name keys of a record's affected packages of the ecosystems scangate matches: see
   * {@link #nameKey}.
   */
  static Set<String> packageNames(OsvRecord record) {
    Set<String> names = new LinkedHashSet<>();
    for (OsvAffected affected : record.affected()) {
      if (affected.pkg() == null) {
        continue;
      }
      Optional<OsvEcosystem> ecosystem = OsvEcosystem.parse(affected.pkg().ecosystem());
      if (ecosystem.isPresent()) {
        EcosystemFamily family = ecosystem.get().family();
        names.add(nameKey(family.normalize(affected.pkg().name())));
      }
    }
    return names;
  }

  /**
   * A loose key of a package name for finding the SBOMs an advisory may touch: lower case, the
   * last segment after {@code /} or {@code :} (Maven {@code group:artifact}, Go module paths,
   * npm scopes), runs of {@code -_.} as one {@code -}. The OSV matcher decides; this only
   * narrows which SBOMs it looks at. {@code SbomService} computes the same key in SQL.
   */
  static String nameKey(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    int cut = Math.max(lower.lastIndexOf('/'), lower.lastIndexOf(':'));
    return SEPARATORS.matcher(cut < 0 ? lower : lower.substring(cut + 1)).replaceAll("-");
  }

  /** Streams every stored record's JSON. */
  void forEachRecord(Consumer<byte[]> action) {
    jdbc.sql("select record from advisories").query((RowCallbackHandler) rs ->
        action.accept(rs.getString(1).getBytes(StandardCharsets.UTF_8)));
  }

  /** A version of the table's content: changes whenever a record is stored. */
  String version() {
    return jdbc.sql("select coalesce(max(imported_at)::text, '') || '/' || count(*) from"
        + " advisories").query(String.class).single();
  }

  /** Ids changed by an import (added, updated or withdrawn), and their name keys. */
  record Changed(List<String> ids, Set<String> packageNames) {
  }

  Changed changedBy(UUID importId) {
    List<String> ids = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    jdbc.sql("select id, package_names from advisories where import_id = :import")
        .param("import", importId).query((RowCallbackHandler) rs -> {
          ids.add(rs.getString(1));
          for (String name : (String[]) rs.getArray(2).getArray()) {
            names.add(name);
          }
        });
    return new Changed(ids, names);
  }

  /** A stored advisory's summary fields. */
  record StoredAdvisory(String id, Instant modified, Instant published, Instant withdrawn,
      List<String> aliases, List<String> ecosystems, String summary, String severity,
      String source) {
  }

  /** The advisory with this id, or else the one listing it as an alias. */
  Optional<StoredAdvisory> find(String idOrAlias) {
    return jdbc.sql("""
            select * from advisories where id = :id
            union all
            (select * from advisories where :id = any(aliases) order by modified desc limit 1)
            limit 1""")
        .param("id", idOrAlias)
        .query((rs, n) -> new StoredAdvisory(rs.getString("id"), instant(rs.getTimestamp(
            "modified")), instant(rs.getTimestamp("published")),
            instant(rs.getTimestamp("withdrawn")),
            List.of((String[]) rs.getArray("aliases").getArray()),
            List.of((String[]) rs.getArray("ecosystems").getArray()), rs.getString("summary"),
            rs.getString("severity"), rs.getString("source")))
        .optional();
  }

  /** Advisories per ecosystem ({@code Debian:12} counts as {@code Debian}), withdrawn apart. */
  record EcosystemCount(String ecosystem, long advisories, long withdrawn) {
  }

  List<EcosystemCount> countsByEcosystem() {
    return jdbc.sql("""
            select split_part(e, ':', 1) as ecosystem,
                   count(distinct id) filter (where withdrawn is null) as advisories,
                   count(distinct id) filter (where withdrawn is not null) as withdrawn
              from advisories, unnest(ecosystems) as e
             group by 1 order by 1""")
        .query((rs, n) -> new EcosystemCount(rs.getString(1), rs.getLong(2), rs.getLong(3)))
        .list();
  }

  long count() {
    return jdbc.sql("select count(*) from advisories").query(Long.class).single();
  }

  private static Timestamp ts(Instant instant) {
    return instant == null ? null : Timestamp.from(instant);
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }
}

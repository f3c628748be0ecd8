package dev.scangate.admission;

import dev.scangate.platform.Page;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads the recorded admission decisions, newest first. */
@Component
class AdmissionDecisions {

  /** One recorded decision. */
  record Recorded(UUID id, Instant decidedAt, String requestUid, String environment, String mode,
      String namespace, String kind, String name, String operation, String user, boolean allowed,
      boolean policyAllows, boolean exempt, String breakGlassReason, Instant breakGlassExpires,
      String message, JsonNode images) {}

  private final JdbcClient jdbc;
  private final JsonMapper json;

  AdmissionDecisions(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  Page<Recorded> list(String environment, Boolean allowed, int page, int size) {
    Page.validate(page, size);
    StringBuilder where = new StringBuilder("true");
    Map<String, Object> params = new LinkedHashMap<>();
    if (environment != null && !environment.isBlank()) {
      where.append(" and environment = :environment");
      params.put("environment", environment.trim());
    }
    if (allowed != null) {
      where.append(" and allowed = :allowed");
      params.put("allowed", allowed);
    }
    long total = jdbc.sql("select count(*) from admission_decisions where " + where)
        .params(params).query(Long.class).single();
    List<Recorded> items = jdbc.sql("select * from admission_decisions where " + where
            + " order by decided_at desc, id limit :limit offset :offset")
        .params(params).param("limit", size).param("offset", (long) page * size)
        .query((rs, n) -> new Recorded(rs.getObject("id", UUID.class),
            rs.getTimestamp("decided_at").toInstant(), rs.getString("request_uid"),
            rs.getString("environment"), rs.getString("mode"), rs.getString("namespace"),
            rs.getString("kind"), rs.getString("name"), rs.getString("operation"),
            rs.getString("username"), rs.getBoolean("allowed"), rs.getBoolean("policy_allows"),
            rs.getBoolean("exempt"), rs.getString("break_glass_reason"),
            rs.getTimestamp("break_glass_expires") == null ? null
                : rs.getTimestamp("break_glass_expires").toInstant(),
            rs.getString("message"), json.readTree(rs.getString("images"))))
        .list();
    return new Page<>(items, page, size, total);
  }
}

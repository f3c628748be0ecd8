package dev.scangate.webhooks;

import java.sql.Array;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The deliveries each source has made, so a repeated delivery enqueues nothing new. Every method
 * runs in the caller's transaction, the one that also submits the scans.
 */
@Repository
class WebhookDeliveries {

  /** A recorded delivery: when it arrived and the scans it asked for. */
  record Recorded(Instant receivedAt, List<UUID> scanIds) {
    Recorded {
      scanIds = List.copyOf(scanIds);
    }
  }

  private final JdbcClient jdbc;

  WebhookDeliveries(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Records the delivery if it is new. A concurrent transaction claiming the same delivery makes
   * this wait for its outcome: false once it committed, true once it rolled back.
   *
   * @return true when this transaction now owns the delivery
   */
  boolean claim(String source, String deliveryId, Instant receivedAt) {
    return jdbc.sql("""
            insert into webhook_deliveries (source, delivery_id, received_at, scan_ids)
            values (:source, :id, :receivedAt, '{}')
            on conflict (source, delivery_id) do nothing""")
        .param("source", source).param("id", deliveryId)
        .param("receivedAt", Timestamp.from(receivedAt))
        .update() == 1;
  }

  /** The recorded delivery, locked until the transaction ends. */
  Optional<Recorded> lock(String source, String deliveryId) {
    return jdbc.sql("""
            select received_at, scan_ids from webhook_deliveries
             where source = :source and delivery_id = :id
               for update""")
        .param("source", source).param("id", deliveryId)
        .query((rs, row) -> new Recorded(rs.getTimestamp("received_at").toInstant(),
            uuids(rs.getArray("scan_ids"))))
        .optional();
  }

  /** Stores the scans of a delivery this transaction claimed (again, when it was stale). */
  void complete(String source, String deliveryId, Instant receivedAt, List<UUID> scanIds) {
    jdbc.sql("""
            update webhook_deliveries
               set received_at = :receivedAt, scan_ids = cast(:scanIds as uuid[])
             where source = :source and delivery_id = :id""")
        .param("receivedAt", Timestamp.from(receivedAt))
        .param("scanIds", scanIds.stream().map(UUID::toString)
            .collect(Collectors.joining(",", "{", "}")))
        .param("source", source).param("id", deliveryId)
        .update();
  }

  private static List<UUID> uuids(Array array) throws SQLException {
    return Arrays.stream((Object[]) array.getArray())
        .map(o -> o instanceof UUID uuid ? uuid : UUID.fromString(o.toString()))
        .toList();
  }
}

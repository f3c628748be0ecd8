package dev.scangate.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scangate.support.Api;
import dev.scangate.support.ScangateIT;
import dev.scangate.support.TestRegistry;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionTemplate;

/** The audit log records state changes by whom, refuses edits, and detects a tampered row. */
class AuditLogIT extends ScangateIT {

  @Autowired
  AuditLog audit;

  @Autowired
  TransactionTemplate tx;

  @Test
  void stateChangesAreRecordedWithTheirActor() {
    Api.Response token = api().post("/api/v1/tokens",
        "{\"name\":\"auditor\",\"scopes\":[\"scan\",\"read\"]}");
    String tokenId = token.text("/token/id");
    Api auditor = api().as(token.text("/secret"));
    Api.Response scan = auditor.scan(TestRegistry.open() + "/scangate-test/files:1");
    assertThat(scan.status()).as(scan.body()).isEqualTo(202);
    Api.Response key = api().post("/api/v1/keys", "");
    assertThat(key.status()).isEqualTo(201);
    api().delete("/api/v1/tokens/" + tokenId);

    Api.Response created = api().get("/api/v1/audit?action=token.created&actor=token:bootstrap");
    assertThat(created.status()).isEqualTo(200);
    assertThat(created.json().at("/items/0/targetId").asString()).isEqualTo(tokenId);
    assertThat(created.json().at("/items/0/details/name").asString()).isEqualTo("auditor");
    assertThat(created.body()).doesNotContain(token.text("/secret"));
    Api.Response scans = api().get("/api/v1/audit?actor=token:auditor");
    assertThat(scans.json().at("/items/0/action").asString()).isEqualTo("scan.requested");
    assertThat(scans.json().at("/items/0/targetId").asString()).isEqualTo(scan.text("/id"));
    assertThat(scans.json().at("/items/0/details/image").asString())
        .isEqualTo(TestRegistry.open() + "/scangate-test/files:1");
    assertThat(api().get("/api/v1/audit?action=key.generated&actor=token:bootstrap").json()
        .at("/items/0/targetId").asString()).isEqualTo(key.text("/id"));
    assertThat(api().get("/api/v1/audit?action=token.revoked").json().at("/items/0/targetId")
        .asString()).isEqualTo(tokenId);
    assertThat(api().get("/api/v1/audit?action=key.generated&actor=system").json()
        .at("/total").asLong()).as("the key generated at startup").isEqualTo(1);
  }

  @Test
  void listIsPagedNewestFirstAndFiltersBySince() throws Exception {
    Instant before = Instant.now();
    Thread.sleep(5);
    tx.executeWithoutResult(s -> {
      audit.recordAs("tester", "test.first", "thing", "1", Map.of());
      audit.recordAs("tester", "test.second", "thing", "2", Map.of("n", 2));
    });

    Api.Response page = api().get("/api/v1/audit?actor=tester&since=" + before + "&size=1");

    assertThat(page.json().at("/total").asLong()).isEqualTo(2);
    assertThat(page.json().at("/size").asInt()).isEqualTo(1);
    assertThat(page.json().at("/items/0/action").asString()).isEqualTo("test.second");
    assertThat(api().get("/api/v1/audit?actor=tester&since=" + Instant.now().plusSeconds(60))
        .json().at("/total").asLong()).isZero();
    Api.Response badSince = api().get("/api/v1/audit?since=yesterday");
    assertThat(badSince.status()).isEqualTo(400);
    assertThat(badSince.text("/detail")).contains("yesterday").contains("ISO-8601");
    assertThat(api().get("/api/v1/audit?size=0").status()).isEqualTo(400);
  }

  @Test
  void recordingNeedsTheCallersTransaction() {
    assertThatThrownBy(() -> audit.record("test.outside", "thing", "1", Map.of()))
        .isInstanceOf(IllegalTransactionStateException.class);
  }

  @Test
  void eventWrittenInARolledBackTransactionDoesNotExist() {
    long before = count("audit_events");
    assertThatThrownBy(() -> tx.executeWithoutResult(s -> {
      audit.recordAs("tester", "test.rolled-back", "thing", "1", Map.of());
      throw new IllegalStateException("the change failed");
    })).hasMessage("the change failed");
    assertThat(count("audit_events")).isEqualTo(before);
    assertThat(api().post("/api/v1/audit/verify", "").json().at("/valid").asBoolean())
        .isTrue();
  }

  @Test
  void updatesAndDeletesAreRefusedByTheDatabase() {
    tx.executeWithoutResult(s -> audit.recordAs("tester", "test.immutable", "thing", "1",
        Map.of()));

    assertThatThrownBy(() -> jdbc.sql("update audit_events set actor = 'someone else'").update())
        .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("append-only");
    assertThatThrownBy(() -> jdbc.sql("delete from audit_events").update())
        .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("append-only");
    assertThatThrownBy(() -> jdbc.sql("truncate audit_events").update())
        .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("append-only");
    assertThat(count("audit_events")).isPositive();
  }

  @Test
  void verifyNamesTheFirstTamperedEvent() {
    long[] ids = new long[3];
    tx.executeWithoutResult(s -> {
      for (int i = 0; i < 3; i++) {
        ids[i] = audit.recordAs("tester", "test.chain", "thing", String.valueOf(i),
            Map.of("amount", i, "note", "original")).id();
      }
    });
    Api.Response intact = api().post("/api/v1/audit/verify", "");
    assertThat(intact.status()).isEqualTo(200);
    assertThat(intact.json().at("/valid").asBoolean()).isTrue();
    assertThat(intact.json().at("/head/id").asLong()).isGreaterThanOrEqualTo(ids[2]);
    long events = intact.json().at("/events").asLong();

    String original = jdbc.sql("select details::text from audit_events where id = :id")
        .param("id", ids[1]).query(String.class).single();
    // As the database superuser would: switch the trigger off and rewrite history.
    tamper("update audit_events set details = '{\"amount\": 1, \"note\": \"forged\"}'"
        + " where id = " + ids[1]);
    try {
      Api.Response broken = api().post("/api/v1/audit/verify", "");

      assertThat(broken.json().at("/valid").asBoolean()).isFalse();
      assertThat(broken.json().at("/firstBroken/id").asLong()).isEqualTo(ids[1]);
      assertThat(broken.json().at("/firstBroken/reason").asString())
          .contains("does not match its hash");
      assertThat(broken.json().at("/head/id").asLong()).isEqualTo(ids[0]);
      assertThat(broken.json().at("/events").asLong()).isLessThan(events);

      // Re-hashing the forged row does not help: the next event's link breaks instead.
      String forgedHash = AuditLog.hash(jdbc.sql("select prev_hash from audit_events where id"
              + " = :id").param("id", ids[1]).query(String.class).single(), ids[1],
          jdbc.sql("select at from audit_events where id = :id").param("id", ids[1])
              .query(java.time.OffsetDateTime.class).single().toInstant(), "tester",
          "test.chain", "thing", "1", AuditLog.CANONICAL.readTree(
              "{\"amount\": 1, \"note\": \"forged\"}"));
      tamper("update audit_events set hash = '" + forgedHash + "' where id = " + ids[1]);
      Api.Response relinked = api().post("/api/v1/audit/verify", "");
      assertThat(relinked.json().at("/firstBroken/id").asLong()).isEqualTo(ids[2]);
      assertThat(relinked.json().at("/firstBroken/reason").asString()).contains("prev_hash");
    } finally {
      tamper("update audit_events set details = '" + original + "', hash = (select prev_hash"
          + " from audit_events where id = " + ids[2] + ") where id = " + ids[1]);
    }
    assertThat(api().post("/api/v1/audit/verify", "").json().at("/valid").asBoolean())
        .isTrue();
  }

  private void tamper(String update) {
    jdbc.sql("alter table audit_events disable trigger audit_events_no_update_delete").update();
    try {
      jdbc.sql(update).update();
    } finally {
      jdbc.sql("alter table audit_events enable trigger audit_events_no_update_delete").update();
    }
  }
}

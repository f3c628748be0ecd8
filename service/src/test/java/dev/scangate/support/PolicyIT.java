package dev.scangate.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * Base of the policy, waiver, VEX and promotion tests: the application with the recorded
 * findings source, a movable clock and test users; {@code gate-prod} requires approved waivers
 * like {@code prod}.
 */
@Import(PolicyTestConfiguration.class)
@TestPropertySource(properties = "scangate.waivers.approval-required=prod,gate-prod")
public abstract class PolicyIT extends ScangateIT {

  @Autowired
  protected RecordedFindings findings;

  @Autowired
  protected MutableClock clock;

  @AfterEach
  void resetPolicyTestState() {
    clock.reset();
    findings.reset();
  }

  /** Scans an image of the open test registry and returns its digest. */
  protected String scanned(String repositoryAndTag) {
    Api.Response submitted = api().scan(TestRegistry.open() + "/" + repositoryAndTag);
    assertThat(submitted.status()).as(submitted.body()).isIn(200, 202);
    Api.Response done = api().awaitFinished(submitted.text("/id"));
    assertThat(done.text("/status")).as(done.body()).isEqualTo("SUCCEEDED");
    return done.text("/image/digest");
  }

  private final java.util.Map<String, String> tokens = new java.util.HashMap<>();

  /**
   * The API called as the person {@code name}: with an API token named {@code name} (scopes
   * read, scan, promote, policy-admin), made by the admin once per test instance. Its actor is
   * {@code token:<name>}.
   */
  protected Api as(String name) {
    String secret = tokens.computeIfAbsent(name, n -> {
      Api.Response created = api().post("/api/v1/tokens", "{\"name\":\"" + n + "\","
          + "\"scopes\":[\"read\",\"scan\",\"promote\",\"policy-admin\"]}");
      assertThat(created.status()).as(created.body()).isEqualTo(201);
      return created.text("/secret");
    });
    return api().as(secret);
  }

  /** The id of the seeded default policy. */
  protected String defaultPolicyId() {
    return jdbc.sql("select id::text from policies where name = 'default'").query(String.class)
        .single();
  }
}

package dev.scangate.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scangate.support.Api;
import dev.scangate.support.BrowserSession;
import dev.scangate.support.ScangateIT;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Local accounts, the bootstrap admin, passwords, dashboard sessions and CSRF. */
class UserSessionIT extends ScangateIT {

  static final String ADMIN = "root-admin";
  static final String ADMIN_PASSWORD = "bootstrap admin password";

  @DynamicPropertySource
  static void bootstrapAdmin(DynamicPropertyRegistry registry) {
    registry.add("scangate.bootstrap-admin.username", () -> ADMIN);
    registry.add("scangate.bootstrap-admin.password", () -> ADMIN_PASSWORD);
  }

  @Test
  void passwordsAreStoredAsBcryptHashes() {
    Api.Response created = api().post("/api/v1/users", "{\"username\":\"hash-check\","
        + "\"password\":\"a long enough secret\",\"role\":\"viewer\"}");

    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.body()).doesNotContain("a long enough secret").doesNotContain("password");
    String hash = jdbc.sql("select password_hash from users where username = 'hash-check'")
        .query(String.class).single();
    assertThat(hash).startsWith("{bcrypt}$2").doesNotContain("a long enough secret");
    String admin = jdbc.sql("select password_hash from users where username = :u")
        .param("u", ADMIN).query(String.class).single();
    assertThat(admin).startsWith("{bcrypt}$2").doesNotContain(ADMIN_PASSWORD);
    String rows = String.join("\n", jdbc.sql("select u::text from users u").query(String.class)
        .list());
    assertThat(rows).doesNotContain("a long enough secret").doesNotContain(ADMIN_PASSWORD);
  }

  @Test
  void bootstrapAdminSignsInAndManagesUsersInItsSession() {
    BrowserSession browser = new BrowserSession(api().base());
    assertThat(browser.get("/api/v1/session").status()).isEqualTo(401);

    Api.Response login = browser.login(ADMIN, ADMIN_PASSWORD);

    assertThat(login.status()).as(login.body()).isEqualTo(200);
    assertThat(login.text("/name")).isEqualTo("user:" + ADMIN);
    assertThat(login.text("/role")).isEqualTo("admin");
    assertThat(browser.cookie("SCANGATE_SESSION")).isNotBlank();
    assertThat(browser.cookie("XSRF-TOKEN")).isEqualTo(login.text("/csrfToken"));
    assertThat(browser.get("/api/v1/session").text("/name")).isEqualTo("user:" + ADMIN);
    Api.Response created = browser.post("/api/v1/users", "{\"username\":\"ops\","
        + "\"password\":\"operator password\",\"role\":\"operator\"}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.text("/role")).isEqualTo("operator");
    assertThat(api().get("/api/v1/audit?action=user.created&actor=user:" + ADMIN)
        .json().at("/items/0/details/username").asString()).isEqualTo("ops");

    assertThat(browser.delete("/api/v1/session").status()).isEqualTo(204);
    assertThat(browser.get("/api/v1/users").status()).isEqualTo(401);
  }

  @Test
  void stateChangesInASessionNeedTheCsrfToken() {
    createUser("csrf-user", "operator");
    BrowserSession browser = new BrowserSession(api().base());
    assertThat(browser.login("csrf-user", "password of csrf-user").status()).isEqualTo(200);

    Api.Response forged = browser.withoutCsrfHeader().post("/api/v1/scans",
        "{\"image\":\"Not A Reference!\"}");

    assertThat(forged.status()).isEqualTo(403);
    assertThat(forged.text("/detail")).contains("CSRF").contains("X-XSRF-TOKEN");
    assertThat(browser.post("/api/v1/scans", "{\"image\":\"Not A Reference!\"}").status())
        .as("with the token the request reaches validation").isEqualTo(400);
    assertThat(browser.get("/api/v1/images").status()).as("reads need no token").isEqualTo(200);
  }

  @Test
  void wrongPasswordUnknownUserAndDisabledAccountCannotSignIn() {
    String id = createUser("to-disable", "viewer");
    BrowserSession browser = new BrowserSession(api().base());
    assertThat(browser.login("to-disable", "not the password!").status()).isEqualTo(401);
    assertThat(browser.login("nobody-here", "not the password!").status()).isEqualTo(401);
    assertThat(browser.login("to-disable", "password of to-disable").status()).isEqualTo(200);
    assertThat(browser.get("/api/v1/images").status()).isEqualTo(200);

    Api.Response disabled = api().patch("/api/v1/users/" + id, "{\"disabled\":true}");

    assertThat(disabled.status()).as(disabled.body()).isEqualTo(200);
    assertThat(disabled.json().at("/disabled").asBoolean()).isTrue();
    Api.Response ended = browser.get("/api/v1/images");
    assertThat(ended.status()).as("the open session ends").isEqualTo(401);
    assertThat(ended.text("/detail")).contains("disabled");
    Api.Response again = new BrowserSession(api().base()).login("to-disable",
        "password of to-disable");
    assertThat(again.status()).isEqualTo(401);
    assertThat(again.contentType()).startsWith("application/problem+json");
  }

  @Test
  void roleChangeTakesEffectAtTheNextRequest() {
    String id = createUser("promoted", "viewer");
    BrowserSession browser = new BrowserSession(api().base());
    browser.login("promoted", "password of promoted");
    assertThat(browser.post("/api/v1/scans", "{\"image\":\"Not A Reference!\"}").status())
        .isEqualTo(403);

    assertThat(api().patch("/api/v1/users/" + id, "{\"role\":\"operator\"}").status())
        .isEqualTo(200);

    assertThat(browser.post("/api/v1/scans", "{\"image\":\"Not A Reference!\"}").status())
        .isEqualTo(400);
    assertThat(api().get("/api/v1/audit?action=user.updated").json().at("/items/0/details/role/to")
        .asString()).isEqualTo("operator");
  }

  @Test
  void passwordChangeReplacesTheOldPassword() {
    String id = createUser("changer", "viewer");
    assertThat(api().patch("/api/v1/users/" + id, "{\"password\":\"the new password\"}")
        .status()).isEqualTo(200);
    assertThat(new BrowserSession(api().base()).login("changer", "password of changer")
        .status()).isEqualTo(401);
    assertThat(new BrowserSession(api().base()).login("changer", "the new password").status())
        .isEqualTo(200);
  }

  @Test
  void badUserRequestsAre4xxAndChangeNothing() {
    createUser("taken", "viewer");
    long before = count("users");
    List<Api.Response> bad = List.of(
        api().post("/api/v1/users", "{\"username\":\"u1\",\"password\":\"short\","
            + "\"role\":\"viewer\"}"),
        api().post("/api/v1/users", "{\"username\":\"u2\",\"password\":\"long enough pass\","
            + "\"role\":\"root\"}"),
        api().post("/api/v1/users", "{\"username\":\"bad name!\",\"password\":\"long enough"
            + " pass\",\"role\":\"viewer\"}"),
        api().post("/api/v1/users", "{\"username\":\"u3\",\"password\":\"" + "é".repeat(40)
            + "\",\"role\":\"viewer\"}"));
    assertThat(bad).allSatisfy(r -> {
      assertThat(r.status()).as(r.body()).isEqualTo(400);
      assertThat(r.contentType()).startsWith("application/problem+json");
    });
    assertThat(bad.get(0).text("/detail")).contains("password").contains("12");
    assertThat(bad.get(1).text("/detail")).contains("root").contains("security-admin");
    assertThat(bad.get(2).text("/detail")).contains("bad name!");
    assertThat(bad.get(3).text("/detail")).contains("72 bytes");
    Api.Response duplicate = api().post("/api/v1/users", "{\"username\":\"taken\","
        + "\"password\":\"long enough pass\",\"role\":\"viewer\"}");
    assertThat(duplicate.status()).isEqualTo(409);
    assertThat(duplicate.text("/detail")).contains("taken");
    assertThat(count("users")).isEqualTo(before);
    assertThat(api().patch("/api/v1/users/" + java.util.UUID.randomUUID(),
        "{\"role\":\"admin\"}").status()).isEqualTo(404);
  }

  private String createUser(String username, String role) {
    Api.Response created = api().post("/api/v1/users", "{\"username\":\"" + username
        + "\",\"password\":\"password of " + username + "\",\"role\":\"" + role + "\"}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.text("/id");
  }
}

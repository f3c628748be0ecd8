package dev.scangate.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scangate.platform.Authority;
import dev.scangate.support.Api;
import dev.scangate.support.BrowserSession;
import dev.scangate.support.ScangateIT;
import idp.test.TestIdentityProvider;
import java.io.IOException;
import java.net.CookieManager;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * OIDC login for the dashboard against a real OpenID Connect provider (Spring Authorization
 * Server, started before scangate because scangate reads its discovery document at startup),
 * driven the way a browser does it: redirects, the provider's login form, the callback.
 */
// The provider accepts exactly one redirect URI, so scangate listens on a port chosen up front.
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ExtendWith(OutputCaptureExtension.class)
class OidcLoginIT extends ScangateIT {

  private static final int PORT = freePort();
  private static final String BASE = "http://127.0.0.1:" + PORT;
  private static final TestIdentityProvider.Account ALICE = new TestIdentityProvider.Account(
      "alice", "alice's password", List.of("developers", "sec-team"));
  private static final TestIdentityProvider.Account MALLORY =
      new TestIdentityProvider.Account("mallory", "mallory's password", List.of("contractors"));
  private static final Pattern CSRF_FIELD = Pattern.compile(
      "<input[^>]*name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

  private static TestIdentityProvider.Running provider;

  @DynamicPropertySource
  static void oidc(DynamicPropertyRegistry registry) {
    if (provider == null) {
      provider = TestIdentityProvider.start(BASE + "/login/oauth2/code/oidc",
          List.of(ALICE, MALLORY));
    }
    registry.add("server.port", () -> PORT);
    registry.add("scangate.oidc.issuer-uri", provider::issuer);
    registry.add("scangate.oidc.client-id", () -> TestIdentityProvider.CLIENT_ID);
    registry.add("scangate.oidc.client-secret", () -> TestIdentityProvider.CLIENT_SECRET);
    registry.add("scangate.oidc.scopes", () -> "openid,profile");
    registry.add("scangate.oidc.role-mapping.sec-team", () -> "security-admin");
    registry.add("scangate.oidc.role-mapping.developers", () -> "viewer");
  }

  @AfterAll
  static void stopProvider() {
    if (provider != null) {
      provider.close();
      provider = null;
    }
  }

  @Test
  void signsInAtTheProviderAndGetsTheRoleOfItsGroups() {
    Browser browser = new Browser();

    List<URI> visited = browser.signIn(ALICE);

    assertThat(visited.get(0).toString()).as("sent to the provider")
        .startsWith(provider.issuer() + "/oauth2/authorize");
    assertThat(visited).as("back through the callback")
        .anyMatch(uri -> uri.toString().startsWith(BASE + "/login/oauth2/code/oidc?code="));
    assertThat(visited.get(visited.size() - 1)).isEqualTo(URI.create(BASE + "/"));
    BrowserSession session = browser.session();
    assertThat(session.cookie("SCANGATE_SESSION")).as("a new session id at sign-in")
        .isNotBlank().isNotEqualTo(browser.sessionBeforeSignIn);
    Api.Response who = session.get("/api/v1/session");
    assertThat(who.status()).as(who.body()).isEqualTo(200);
    assertThat(who.text("/name")).isEqualTo("oidc:alice");
    List<String> authorities = new ArrayList<>();
    who.json().path("authorities").forEach(a -> authorities.add(a.asString()));
    // the highest role of the user's groups: security-admin (sec-team) over viewer (developers)
    assertThat(authorities).containsExactlyInAnyOrderElementsOf(Role.SECURITY_ADMIN
        .authorities().stream().map(Authority::value).toList());
    assertThat(session.get("/api/v1/images").status()).isEqualTo(200);
    Api.Response tokens = session.get("/api/v1/tokens");
    assertThat(tokens.status()).as(tokens.body()).isEqualTo(403);
    assertThat(tokens.contentType()).contains("application/problem+json");
  }

  @Test
  void stateChangesInAnOidcSessionNeedTheCsrfTokenAndAreAuditedAsTheOidcUser() {
    Browser browser = new Browser();
    browser.signIn(ALICE);
    BrowserSession session = browser.session();
    assertThat(session.get("/api/v1/session").status()).isEqualTo(200);
    String policy = "{\"name\": \"oidc-policy\", \"rules\": [{\"id\": \"scanned\","
        + " \"action\": \"DENY\", \"expression\": \"!scan.present\"}]}";

    Api.Response forged = session.withoutCsrfHeader().post("/api/v1/policies", policy);

    assertThat(forged.status()).isEqualTo(403);
    assertThat(forged.text("/detail")).contains("CSRF").contains("X-XSRF-TOKEN");
    assertThat(jdbc.sql("select count(*) from policies where name = 'oidc-policy'")
        .query(Long.class).single()).isZero();
    Api.Response created = session.post("/api/v1/policies", policy);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(auditEvent("policy.created", created.text("/policyId")).path("actor")
        .asString()).isEqualTo("oidc:alice");
  }

  @Test
  void refusesAUserWhoseGroupsMapToNoRole(CapturedOutput log) {
    Browser browser = new Browser();

    List<URI> visited = browser.signIn(MALLORY);

    assertThat(visited.get(visited.size() - 1))
        .as("signed in at the provider, but sent back to the dashboard's failure address")
        .isEqualTo(URI.create(BASE + "/?login=failed"));
    Api.Response who = browser.session().get("/api/v1/session");
    assertThat(who.status()).as(who.body()).isEqualTo(401);
    assertThat(browser.session().get("/api/v1/images").status()).isEqualTo(401);
    assertThat(log.getOut()).as("the operator can see why").contains("OIDC sign-in refused:"
        + " user mallory has no group mapped to a scangate role");
  }

  @Test
  void refusesAWrongPasswordAtTheProvider() {
    Browser browser = new Browser();
    URI login = browser.toLoginForm();

    List<URI> visited = browser.submitLogin(login, ALICE.username(), "not the password");

    assertThat(visited).as("the provider keeps the browser on its login page")
        .allMatch(uri -> uri.toString().startsWith(provider.issuer() + "/login"));
    assertThat(browser.session().get("/api/v1/session").status()).isEqualTo(401);
  }

  /** A browser: one cookie jar for both sites; redirects followed one by one. */
  private static final class Browser {
    private final CookieManager cookies = new CookieManager();
    private final HttpClient http = HttpClient.newBuilder().cookieHandler(cookies)
        .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5))
        .build();
    private String loginPage;
    private String sessionBeforeSignIn;

    BrowserSession session() {
      return new BrowserSession(BASE, cookies);
    }

    /** Signs in at the provider; the addresses visited after scangate's first redirect. */
    List<URI> signIn(TestIdentityProvider.Account account) {
      List<URI> visited = new ArrayList<>();
      URI login = toLoginForm(visited);
      visited.addAll(submitLogin(login, account.username(), account.password()));
      return visited;
    }

    URI toLoginForm() {
      return toLoginForm(new ArrayList<>());
    }

    private URI toLoginForm(List<URI> visited) {
      HttpResponse<String> start = send(get(URI.create(BASE + "/oauth2/authorization/oidc")));
      assertThat(start.statusCode()).as(start.body()).isEqualTo(302);
      sessionBeforeSignIn = session().cookie("SCANGATE_SESSION");
      URI page = follow(start, visited);
      assertThat(page.getPath()).as("the provider's login form").isEqualTo("/login");
      return page;
    }

    /** Posts the login form; follows the redirects; returns the addresses visited. */
    List<URI> submitLogin(URI form, String username, String password) {
      Matcher csrf = CSRF_FIELD.matcher(loginPage);
      assertThat(csrf.find()).as("CSRF field in the login form: " + loginPage).isTrue();
      String body = Map.of("username", username, "password", password, "_csrf", csrf.group(1))
          .entrySet().stream()
          .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
          .collect(Collectors.joining("&"));
      HttpResponse<String> posted = send(HttpRequest.newBuilder(form)
          .header("Content-Type", "application/x-www-form-urlencoded")
          .header("Accept", "text/html").POST(HttpRequest.BodyPublishers.ofString(body)));
      List<URI> visited = new ArrayList<>();
      follow(posted, visited);
      return visited;
    }

    /** Follows redirects until a page is served; returns the page's address. */
    private URI follow(HttpResponse<String> response, List<URI> visited) {
      URI at = response.uri();
      for (int hops = 0; response.statusCode() / 100 == 3; hops++) {
        assertThat(hops).as("redirects from " + at).isLessThan(10);
        at = at.resolve(response.headers().firstValue("Location").orElseThrow());
        visited.add(at);
        response = send(get(at));
      }
      assertThat(response.statusCode()).as(at + ": " + response.body()).isEqualTo(200);
      loginPage = response.body();
      return at;
    }

    private static HttpRequest.Builder get(URI uri) {
      return HttpRequest.newBuilder(uri).header("Accept", "text/html").GET();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
      try {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(),
            HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        throw new IllegalStateException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}

package dev.scangate.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import dev.scangate.image.ImageReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Authentication against the real htpasswd registry (Basic) and, for Bearer tokens, against a
 * token service in front of the real open registry: distribution 2.8's token auth needs a JWT
 * issuer, which dev/test-env.sh does not run.
 */
class RegistryAuthIT {

  private static String authRegistry;
  private static String openRegistry;

  @TempDir
  Path dir;

  @BeforeAll
  static void registries() {
    authRegistry = TestRegistries.withAuth();
    openRegistry = TestRegistries.open();
  }

  private static RegistryClient client(String registry, CredentialsProvider credentials,
      Clock clock) {
    return new RegistryClient(RegistrySettings.defaults().withAllowed(registry)
        .withInsecure(registry).withRetries(2, Duration.ofMillis(10), Duration.ofMillis(50)),
        credentials, clock, new RecordingSleeper());
  }

  private static ImageReference privateImage() {
    return ImageReference.parse(authRegistry + "/scangate-test/private:1");
  }

  @Test
  void pullsThePrivateImageWithBasicCredentials() {
    RegistryClient client = client(authRegistry, CredentialsProvider.of(Map.of(authRegistry,
        Credentials.basic(TestRegistries.username(), TestRegistries.password()))),
        Clock.systemUTC());

    FetchedManifest fetched = client.fetchManifest(privateImage());
    ImageConfig config = client.fetchConfig(fetched.reference(), fetched.manifest().config());

    assertThat(config.labels()).containsEntry("dev.scangate.test", "private");
    assertThat(client.resolve(privateImage())).isEqualTo(fetched.digest());
  }

  @Test
  void readsCredentialsFromADockerConfigFile() throws Exception {
    Path config = dir.resolve("config.json");
    Files.writeString(config, "{\"auths\":{\"http://" + authRegistry + "\":{\"auth\":\""
        + Base64.getEncoder().encodeToString((TestRegistries.username() + ":"
        + TestRegistries.password()).getBytes(StandardCharsets.UTF_8)) + "\"}}}");
    RegistryClient client = new RegistryClient(RegistrySettings.defaults()
        .withAllowed(authRegistry).withInsecure(authRegistry).withDockerConfig(config));

    assertThat(client.fetchManifest(privateImage()).manifest().layers()).hasSize(1);
  }

  @Test
  void aWrongPasswordIs401AndNotRetryable() {
    RegistryClient client = client(authRegistry, CredentialsProvider.of(Map.of(authRegistry,
        Credentials.basic(TestRegistries.username(), "wrong-password"))), Clock.systemUTC());

    assertThatThrownBy(() -> client.fetchManifest(privateImage()))
        .isInstanceOf(RegistryAuthException.class)
        .hasMessage("pulling manifest 1 of " + authRegistry + "/scangate-test/private: 401"
            + " Unauthorized (UNAUTHORIZED: authentication required); the registry refused the"
            + " credentials for " + authRegistry)
        .satisfies(e -> {
          assertThat(((RegistryException) e).status()).isEqualTo(401);
          assertThat(((RegistryException) e).retryable()).isFalse();
        })
        .message().doesNotContain("wrong-password");
  }

  @Test
  void noCredentialsIs401NamingTheMissingCredentials() {
    RegistryClient client = client(authRegistry, CredentialsProvider.anonymous(),
        Clock.systemUTC());

    assertThatThrownBy(() -> client.fetchManifest(privateImage()))
        .isInstanceOf(RegistryAuthException.class)
        .hasMessageStartingWith("pulling manifest 1 of " + authRegistry + "/scangate-test/private:"
            + " 401 Unauthorized (UNAUTHORIZED: authentication required)")
        .hasMessageContaining("no credentials for " + authRegistry);
  }

  /** A token service and a Bearer-protected front for the open registry, on one port. */
  private static final class TokenRegistry implements AutoCloseable {
    final Set<String> issued = ConcurrentHashMap.newKeySet();
    final TestServer server;
    volatile String requiredBasic;

    TokenRegistry(long expiresIn) {
      server = TestServer.start((exchange, n) -> {
        String path = exchange.getRequestURI().getPath();
        if (path.equals("/token")) {
          issue(exchange, n, expiresIn);
          return;
        }
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization != null && authorization.startsWith("Bearer ")
            && issued.contains(authorization.substring(7))) {
          TestServer.proxy(exchange, openRegistry, null);
          return;
        }
        exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"http://"
            + authority() + "/token\",service=\"test-registry\","
            + "scope=\"repository:scangate-test/files:pull\"");
        TestServer.respondJson(exchange, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\","
            + "\"message\":\"authentication required\"}]}");
      });
    }

    private void issue(HttpExchange exchange, int n, long expiresIn) throws Exception {
      String basic = exchange.getRequestHeaders().getFirst("Authorization");
      if (requiredBasic != null && !"POST".equals(exchange.getRequestMethod())
          && !requiredBasic.equals(basic)) {
        TestServer.respondJson(exchange, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\","
            + "\"message\":\"bad credentials\"}]}");
        return;
      }
      String token = "token-" + n;
      issued.add(token);
      // Some token services answer "access_token" (OAuth2), others "token"; send both shapes.
      TestServer.respondJson(exchange, 200, n % 2 == 0
          ? "{\"access_token\":\"" + token + "\",\"expires_in\":" + expiresIn + "}"
          : "{\"token\":\"" + token + "\",\"expires_in\":" + expiresIn + "}");
    }

    String authority() {
      return server.authority();
    }

    long tokenRequests() {
      return server.requests.stream().filter(r -> r.uri().startsWith("/token")).count();
    }

    TestServer.Recorded lastTokenRequest() {
      return server.requests.stream().filter(r -> r.uri().startsWith("/token"))
          .reduce((a, b) -> b).orElseThrow();
    }

    ImageReference image() {
      return ImageReference.parse(authority() + "/scangate-test/files:1");
    }

    @Override
    public void close() {
      server.close();
    }
  }

  @Test
  void getsAnAnonymousBearerTokenAndReusesItWithinThisClient() {
    try (TokenRegistry tokens = new TokenRegistry(300)) {
      RegistryClient client = client(tokens.authority(), CredentialsProvider.anonymous(),
          Clock.systemUTC());

      FetchedManifest fetched = client.fetchManifest(tokens.image());
      client.fetchConfig(fetched.reference(), fetched.manifest().config());
      client.resolve(tokens.image());

      assertThat(tokens.tokenRequests()).isEqualTo(1);
      TestServer.Recorded request = tokens.lastTokenRequest();
      assertThat(request.method()).isEqualTo("GET");
      assertThat(request.uri()).contains("service=test-registry")
          .contains("scope=repository%3Ascangate-test%2Ffiles%3Apull");
      assertThat(request.header("Authorization")).isNull();
      // Only the first request went without a token: later ones authenticate up front.
      assertThat(tokens.server.requests.stream()
          .filter(r -> !r.uri().startsWith("/token") && r.header("Authorization") == null))
          .hasSize(1);
    }
  }

  @Test
  void tokenCachesAreNotSharedBetweenClients() {
    try (TokenRegistry tokens = new TokenRegistry(300)) {
      client(tokens.authority(), CredentialsProvider.anonymous(), Clock.systemUTC())
          .fetchManifest(tokens.image());
      client(tokens.authority(), CredentialsProvider.of(Map.of(tokens.authority(),
          Credentials.basic("alice", "secret"))), Clock.systemUTC())
          .fetchManifest(tokens.image());

      assertThat(tokens.tokenRequests()).isEqualTo(2);
      assertThat(tokens.lastTokenRequest().header("Authorization"))
          .isEqualTo("Basic " + Base64.getEncoder().encodeToString(
              "alice:secret".getBytes(StandardCharsets.UTF_8)));
    }
  }

  @Test
  void fetchesANewTokenWhenTheOldOneExpires() {
    try (TokenRegistry tokens = new TokenRegistry(120)) {
      MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
      RegistryClient client = client(tokens.authority(), CredentialsProvider.anonymous(), clock);

      client.resolve(tokens.image());
      clock.advance(Duration.ofSeconds(100));
      client.resolve(tokens.image());
      assertThat(tokens.tokenRequests()).isEqualTo(1);

      clock.advance(Duration.ofSeconds(20));
      client.resolve(tokens.image());
      assertThat(tokens.tokenRequests()).isEqualTo(2);
    }
  }

  @Test
  void sendsTheIdentityTokenAsARefreshTokenInAPostBody() {
    try (TokenRegistry tokens = new TokenRegistry(300)) {
      RegistryClient client = client(tokens.authority(), CredentialsProvider.of(Map.of(
          tokens.authority(), Credentials.identityToken("refresh-me"))), Clock.systemUTC());

      client.fetchManifest(tokens.image());

      TestServer.Recorded request = tokens.lastTokenRequest();
      assertThat(request.method()).isEqualTo("POST");
      assertThat(request.uri()).isEqualTo("/token");
      assertThat(request.header("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
      assertThat(request.bodyText()).contains("grant_type=refresh_token")
          .contains("refresh_token=refresh-me").contains("service=test-registry")
          .contains("scope=repository%3Ascangate-test%2Ffiles%3Apull");
    }
  }

  @Test
  void aTokenServiceThatRefusesTheCredentialsIsAnAuthError() {
    try (TokenRegistry tokens = new TokenRegistry(300)) {
      tokens.requiredBasic = "Basic " + Base64.getEncoder().encodeToString(
          "alice:right".getBytes(StandardCharsets.UTF_8));
      RegistryClient client = client(tokens.authority(), CredentialsProvider.of(Map.of(
          tokens.authority(), Credentials.basic("alice", "wrong"))), Clock.systemUTC());

      assertThatThrownBy(() -> client.fetchManifest(tokens.image()))
          .isInstanceOf(RegistryAuthException.class)
          .hasMessageContaining("pulling manifest 1 of " + tokens.authority()
              + "/scangate-test/files: token endpoint http://" + tokens.authority()
              + "/token answered 401 Unauthorized (UNAUTHORIZED: bad credentials)")
          .message().doesNotContain("wrong");
    }
  }

  static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}

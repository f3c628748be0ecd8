package dev.scangate.registry;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Obtains Bearer tokens from a registry's token realm
 * (https://distribution.github.io/distribution/spec/auth/token/ and, for identity tokens, the
 * OAuth2 refresh-token flow of https://distribution.github.io/distribution/spec/auth/oauth/),
 * and caches them per client instance keyed by registry, scope and identity, so an anonymous
 * request never reuses a token obtained with credentials, and one user's token never serves
 * another's request.
 */
final class BearerTokens {

  private static final Logger log = LoggerFactory.getLogger(BearerTokens.class);
  private static final long MAX_TOKEN_RESPONSE = 1024 * 1024;
  // token spec: "If omitted, the token should be assumed to expire in 60 seconds".
  private static final long DEFAULT_EXPIRES_IN = 60;

  private final RegistryTransport transport;
  private final Clock clock;
  private final Map<Key, Token> cache = new ConcurrentHashMap<>();

  BearerTokens(RegistryTransport transport, Clock clock) {
    this.transport = transport;
    this.clock = clock;
  }

  private record Key(String registry, String scope, String identity) {
  }

  private record Token(String value, Instant renewAt) {
  }

  /** How many tokens are cached; for tests. */
  int cachedTokens() {
    return cache.size();
  }

  /**
   * A token for the scope: from the cache unless {@code refresh} or expired, else from the realm.
   */
  String token(RegistryTransport.Target target, AuthChallenge challenge, String scope,
      Credentials creds, String action, boolean refresh)
      throws IOException, RegistryTransport.RetryableFailure {
    Key key = new Key(target.registry(), scope, creds == null ? "anonymous" : creds.identity());
    Token cached = cache.get(key);
    if (!refresh && cached != null && clock.instant().isBefore(cached.renewAt())) {
      return cached.value();
    }
    cache.remove(key);
    Token fresh = fetch(target, challenge, scope, creds, action);
    cache.put(key, fresh);
    return fresh.value();
  }

  private Token fetch(RegistryTransport.Target target, AuthChallenge challenge, String scope,
      Credentials creds, String action) throws IOException, RegistryTransport.RetryableFailure {
    String realmText = challenge.param("realm");
    if (realmText == null || realmText.isEmpty()) {
      throw new RegistryAuthException(action, "the registry's Bearer challenge has no realm");
    }
    URI realm;
    try {
      realm = new URI(realmText);
    } catch (java.net.URISyntaxException e) {
      throw new RegistryAuthException(action, "the registry's token realm is not a URL");
    }
    if (!("https".equals(realm.getScheme()) || "http".equals(realm.getScheme()))
        || realm.getHost() == null || realm.getRawUserInfo() != null) {
      throw new RegistryAuthException(action,
          "the registry's token realm " + RegistryTransport.redact(realm)
              + " is not an http(s) URL");
    }
    String realmAuthority = RegistryTransport.authority(realm);
    boolean realmIsOurPlainHttpHost = "http".equals(target.scheme())
        && realmAuthority.equals(target.authority());
    if (creds != null && "http".equals(realm.getScheme()) && !realmIsOurPlainHttpHost
        && !transport.policy().isInsecure(realmAuthority)) {
      throw new RegistryAuthException(action, "the registry's token realm "
          + RegistryTransport.redact(realm) + " is plain HTTP; refusing to send credentials"
          + " (list " + realmAuthority + " in scangate.registries.insecure to allow it)");
    }
    List<String> scopes = new ArrayList<>(List.of(scope));
    String challengeScope = challenge.param("scope");
    if (challengeScope != null && !challengeScope.isEmpty() && !scopes.contains(challengeScope)) {
      scopes.add(challengeScope);
    }
    String service = challenge.param("service");
    RegistryTransport.Request request;
    if (creds != null && creds.hasIdentityToken()) {
      // OAuth2 refresh-token grant: the identity token never goes in a URL.
      StringBuilder form = new StringBuilder("grant_type=refresh_token&client_id=scangate");
      if (service != null) {
        form.append("&service=").append(encode(service));
      }
      form.append("&scope=").append(encode(String.join(" ", scopes)));
      form.append("&refresh_token=").append(encode(creds.identityToken()));
      request = new RegistryTransport.Request("POST", realm, List.of("application/json"), null,
          "application/x-www-form-urlencoded", form.toString().getBytes(StandardCharsets.UTF_8));
    } else {
      StringBuilder query = new StringBuilder();
      if (service != null) {
        query.append("service=").append(encode(service));
      }
      for (String s : scopes) {
        query.append(query.length() == 0 ? "" : "&").append("scope=").append(encode(s));
      }
      String base = realm.toString();
      URI uri = URI.create(base + (base.contains("?") ? "&" : "?") + query);
      request = new RegistryTransport.Request("GET", uri, List.of("application/json"),
          creds != null && creds.hasPassword() ? creds.basicAuthorization() : null, null, null);
    }
    String realmName = RegistryTransport.redact(realm);
    try (RegistryResponse response = transport.send(realmAuthority, request, action)) {
      int status = response.status();
      if (status == 200) {
        byte[] body = response.readAtMost(MAX_TOKEN_RESPONSE, action, "token response",
            "1 MiB");
        return parse(body, action, realmName);
      }
      List<RegistryError> errors = response.readErrors();
      String problem = "token endpoint " + realmName + " answered "
          + RegistryException.describe(status, errors);
      if (status == 401 || status == 403) {
        throw new RegistryAuthException(action, problem + (creds == null
            ? "; no credentials for " + target.registry()
            : "; it refused the credentials for " + target.registry()));
      }
      if (status == 429 || status >= 500) {
        throw new RegistryTransport.RetryableFailure(problem, status, errors,
            response.header("Retry-After").flatMap(v -> RetryAfter.parse(v, clock)).orElse(null),
            null);
      }
      throw new RegistryException(action, problem, status, errors, false, null);
    }
  }

  private Token parse(byte[] body, String action, String realmName) {
    JsonNode root;
    try {
      root = JsonFields.object(body, "token response");
    } catch (IllegalArgumentException e) {
      throw new RegistryAuthException(action,
          "token endpoint " + realmName + " answered with " + e.getMessage());
    }
    String token = JsonFields.optionalString(root, "token");
    if (token == null || token.isEmpty()) {
      token = JsonFields.optionalString(root, "access_token");
    }
    if (token == null || token.isEmpty()) {
      throw new RegistryAuthException(action,
          "token endpoint " + realmName + " answered without token or access_token");
    }
    long expiresIn = DEFAULT_EXPIRES_IN;
    JsonNode expires = root.path("expires_in");
    if (expires.isIntegralNumber() && expires.canConvertToLong() && expires.longValue() > 0) {
      expiresIn = expires.longValue();
    }
    // Renew a little early so a token does not expire between cache lookup and use.
    Duration lifetime = Duration.ofSeconds(expiresIn);
    Duration margin = Duration.ofSeconds(Math.min(10, expiresIn / 10));
    log.debug("token from {} valid for {} s", realmName, expiresIn);
    return new Token(token, clock.instant().plus(lifetime.minus(margin)));
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}

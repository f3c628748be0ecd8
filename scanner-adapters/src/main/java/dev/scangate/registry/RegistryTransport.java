package dev.scangate.registry;

import dev.scangate.image.ImageReference;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one caller behind every registry endpoint: checks the access policy, authenticates
 * (anonymous, then Basic or Bearer as the registry's challenge asks), retries transient failures
 * with backoff, follows redirects without leaking credentials, and maps responses to
 * {@link RegistryException}s that say what was being done.
 */
final class RegistryTransport {

  private static final Logger log = LoggerFactory.getLogger(RegistryTransport.class);
  private static final String USER_AGENT = "scangate (java.net.http)";
  private static final int MAX_REDIRECTS = 5;
  private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
  // 429 and the 5xx a proxy or an overloaded registry sends; other 4xx will not change.
  private static final Set<Integer> RETRYABLE = Set.of(429, 500, 502, 503, 504);

  private final RegistrySettings settings;
  private final RegistryAccessPolicy policy;
  private final CredentialsProvider credentials;
  private final Clock clock;
  private final Sleeper sleeper;
  private final HostResolver resolver;
  private final HttpClient client;
  private final HttpClient trustAllClient;
  private final BearerTokens tokens;
  /** The last challenge each registry sent, so later requests authenticate up front. */
  private final Map<String, AuthChallenge> challenges = new ConcurrentHashMap<>();
  /**
   * Credentials looked up in the last few minutes: a credential helper is a process per lookup,
   * and a scan makes a request per layer. Short-lived so rotated credentials are picked up.
   */
  private final Map<String, CachedCredentials> credentialCache = new ConcurrentHashMap<>();
  private static final Duration CREDENTIALS_TTL = Duration.ofMinutes(5);

  private record CachedCredentials(Optional<Credentials> credentials, java.time.Instant expires) {
  }

  RegistryTransport(RegistrySettings settings, CredentialsProvider credentials, Clock clock,
      Sleeper sleeper, HostResolver resolver) {
    this.settings = settings;
    this.policy = new RegistryAccessPolicy(settings);
    this.credentials = credentials;
    this.clock = clock;
    this.sleeper = sleeper;
    this.resolver = resolver;
    this.client = newClient(null);
    this.trustAllClient = settings.skipTlsVerify().isEmpty() ? null : newClient(trustAll());
    this.tokens = new BearerTokens(this, clock);
  }

  RegistryAccessPolicy policy() {
    return policy;
  }

  RegistrySettings settings() {
    return settings;
  }

  int cachedTokens() {
    return tokens.cachedTokens();
  }

  /** The registry's base, e.g. {@code https://registry-1.docker.io} for docker.io. */
  record Target(String registry, String scheme, String authority) {
    URI uri(String path) {
      return URI.create(scheme + "://" + authority + path);
    }
  }

  Target target(String registry) {
    String scheme = policy.isInsecure(registry) ? "http" : "https";
    // Docker Hub's API lives on registry-1.docker.io, as the Docker CLI resolves it.
    String authority = ImageReference.DOCKER_HUB.equals(registry) ? "registry-1.docker.io"
        : registry;
    return new Target(registry, scheme, authority);
  }

  /**
   * Performs one endpoint call for a repository.
   *
   * @throws RegistryNotAllowedException before any connection when the policy forbids it
   */
  <T> T call(ImageReference repo, RegistryEndpoint<T> endpoint) {
    policy.checkAllowed(repo);
    Target target = target(repo.registry());
    Credentials creds = credentialsFor(repo.registry()).orElse(null);
    // The token scope for the repository (distribution auth token spec, "scope" parameter):
    // pull, or pull and push for uploads.
    String scope = "repository:" + repo.repository() + ":" + endpoint.access().actions();
    return withRetries(endpoint.action(), () -> attempt(target, endpoint, scope, creds));
  }

  private Optional<Credentials> credentialsFor(String registry) {
    CachedCredentials cached = credentialCache.get(registry);
    if (cached != null && clock.instant().isBefore(cached.expires())) {
      return cached.credentials();
    }
    Optional<Credentials> found = credentials.credentialsFor(registry);
    credentialCache.put(registry,
        new CachedCredentials(found, clock.instant().plus(CREDENTIALS_TTL)));
    return found;
  }

  private <T> T attempt(Target target, RegistryEndpoint<T> endpoint, String scope,
      Credentials creds) throws IOException, RetryableFailure {
    URI uri = endpoint.uri(target);
    String action = endpoint.action();
    String authorization = authorization(target, scope, creds, action);
    RegistryResponse response = send(target.registry(),
        new Request(endpoint.method(), uri, endpoint.accept(), authorization,
            endpoint.contentType(), endpoint.body(), endpoint.headers()), action);
    if (response.status() == 401) {
      List<AuthChallenge> offered = AuthChallenge.parseAll(response.headers("WWW-Authenticate"));
      List<RegistryError> errors = response.readErrors();
      authorization = respond(target, offered, scope, creds, authorization != null, action,
          errors);
      response = send(target.registry(),
          new Request(endpoint.method(), uri, endpoint.accept(), authorization,
              endpoint.contentType(), endpoint.body(), endpoint.headers()), action);
      if (response.status() == 401) {
        throw new RegistryAuthException(action, 401, response.readErrors(),
            creds == null ? noCredentials(target.registry())
                : "the registry refused the credentials for " + target.registry());
      }
    }
    return complete(response, endpoint);
  }

  private <T> T complete(RegistryResponse response, RegistryEndpoint<T> endpoint)
      throws IOException, RetryableFailure {
    int status = response.status();
    if (status >= 200 && status < 300) {
      boolean handedOver = false;
      try {
        T result = endpoint.handle(response);
        handedOver = true;
        return result;
      } finally {
        if (!handedOver) {
          response.close();
        }
      }
    }
    List<RegistryError> errors = response.readErrors();
    if (status == 401 || status == 403) {
      throw new RegistryAuthException(endpoint.action(), status, errors, null);
    }
    if (status == 404
        || (status < 500 && errors.stream().anyMatch(RegistryError::meansNotFound))) {
      throw endpoint.notFound(status, errors);
    }
    if (RETRYABLE.contains(status)) {
      throw new RetryableFailure(RegistryException.describe(status, errors), status, errors,
          response.header("Retry-After").flatMap(value -> RetryAfter.parse(value, clock))
              .orElse(null), null);
    }
    throw new RegistryException(endpoint.action(), RegistryException.describe(status, errors),
        status, errors, false, null);
  }

  /** The Authorization to send before any challenge, from what the registry asked last time. */
  private String authorization(Target target, String scope, Credentials creds, String action)
      throws IOException, RetryableFailure {
    AuthChallenge known = challenges.get(target.registry());
    if (known == null) {
      return null;
    }
    if (known.isBasic()) {
      return creds != null && creds.hasPassword() ? creds.basicAuthorization() : null;
    }
    if (known.isBearer()) {
      return "Bearer " + tokens.token(target, known, scope, creds, action, false);
    }
    return null;
  }

  /** Answers a 401 challenge (RFC 9110 section 11.6.1); prefers Bearer over Basic. */
  private String respond(Target target, List<AuthChallenge> offered, String scope,
      Credentials creds, boolean sentAuthorization, String action, List<RegistryError> errors)
      throws IOException, RetryableFailure {
    Optional<AuthChallenge> bearer = offered.stream().filter(AuthChallenge::isBearer).findFirst();
    if (bearer.isPresent()) {
      challenges.put(target.registry(), bearer.get());
      return "Bearer " + tokens.token(target, bearer.get(), scope, creds, action, true);
    }
    Optional<AuthChallenge> basic = offered.stream().filter(AuthChallenge::isBasic).findFirst();
    if (basic.isPresent()) {
      challenges.put(target.registry(), basic.get());
      if (creds == null) {
        throw new RegistryAuthException(action, 401, errors, noCredentials(target.registry()));
      }
      if (!creds.hasPassword()) {
        throw new RegistryAuthException(action, 401, errors, "the registry asks for a password"
            + " but only an identity token is configured for " + target.registry());
      }
      if (sentAuthorization) {
        throw new RegistryAuthException(action, 401, errors,
            "the registry refused the credentials for " + target.registry());
      }
      return creds.basicAuthorization();
    }
    throw new RegistryAuthException(action, 401, errors, offered.isEmpty()
        ? "the registry sent no WWW-Authenticate challenge"
        : "unsupported authentication scheme "
            + offered.stream().map(AuthChallenge::scheme).toList());
  }

  private static String noCredentials(String registry) {
    return "no credentials for " + registry
        + "; add them to the Docker config (scangate.registries.docker-config)";
  }

  /** An HTTP request before redirects. */
  record Request(String method, URI uri, List<String> accept, String authorization,
      String contentType, byte[] body, Map<String, String> headers) {
    Request(String method, URI uri, List<String> accept, String authorization,
        String contentType, byte[] body) {
      this(method, uri, accept, authorization, contentType, body, Map.of());
    }
  }

  /**
   * Sends a request and follows redirects (at most 5). Before connecting to any host its
   * addresses pass {@link RegistryAccessPolicy#checkAddresses}. Authorization is dropped when a
   * redirect leaves the original host[:port] (blob storage gets signed URLs, not our token), and
   * a redirect from HTTPS to plain HTTP is refused unless the target is configured insecure.
   *
   * @param origin the name the first host is checked under (the registry, e.g. docker.io)
   */
  RegistryResponse send(String origin, Request request, String action) throws IOException {
    URI uri = request.uri();
    String method = request.method();
    String authorization = request.authorization();
    byte[] body = request.body();
    for (int hop = 0; ; hop++) {
      String name = hop == 0 ? origin : authority(uri);
      checkAddresses(name, uri);
      HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
          .timeout(settings.readTimeout())
          .header("User-Agent", USER_AGENT);
      if ("http".equals(uri.getScheme())) {
        builder.version(HttpClient.Version.HTTP_1_1); // no h2c upgrade dance with plain HTTP
      }
      if (!request.accept().isEmpty()) {
        builder.header("Accept", String.join(", ", request.accept()));
      }
      if (authorization != null) {
        builder.header("Authorization", authorization);
      }
      request.headers().forEach(builder::header);
      if (body != null) {
        builder.header("Content-Type", request.contentType())
            .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
      } else {
        builder.method(method, HttpRequest.BodyPublishers.noBody());
      }
      HttpResponse<InputStream> response;
      try {
        response = clientFor(name).send(builder.build(),
            IdleTimeoutBody.handler(settings.readTimeout(), redact(uri)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted while waiting for " + redact(uri));
      } catch (SSLException e) {
        throw e;
      } catch (HttpConnectTimeoutException e) {
        throw new TransportFailure("connecting to " + authority(uri) + " timed out after "
            + format(settings.connectTimeout()) + " (connectTimeout)", e);
      } catch (HttpTimeoutException e) {
        throw new TransportFailure("no response from " + authority(uri) + " within "
            + format(settings.readTimeout()) + " (readTimeout)", e);
      } catch (ConnectException e) {
        SSLException tls = tlsCause(e);
        if (tls != null) {
          throw tls;
        }
        throw new TransportFailure("cannot connect to " + authority(uri)
            + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"), e);
      } catch (IOException e) {
        SSLException tls = tlsCause(e);
        if (tls != null) {
          throw tls;
        }
        throw new TransportFailure("request to " + authority(uri) + " failed: " + e, e);
      }
      Optional<String> location = response.headers().firstValue("Location");
      if (!REDIRECTS.contains(response.statusCode()) || location.isEmpty()) {
        return new RegistryResponse(response, uri);
      }
      response.body().close();
      URI next;
      try {
        next = uri.resolve(location.get());
      } catch (IllegalArgumentException e) {
        throw new RegistryException(action, "redirect to an invalid Location", response
            .statusCode(), List.of(), false, e);
      }
      if (hop == MAX_REDIRECTS) {
        throw new RegistryException(action, "more than " + MAX_REDIRECTS + " redirects, the"
            + " last to " + redact(next), response.statusCode(), List.of(), false, null);
      }
      if (!"https".equals(next.getScheme()) && !"http".equals(next.getScheme())
          || next.getRawUserInfo() != null || next.getHost() == null) {
        throw new RegistryException(action, "redirect to unsupported location "
            + redact(next), response.statusCode(), List.of(), false, null);
      }
      if ("https".equals(uri.getScheme()) && "http".equals(next.getScheme())
          && !policy.isInsecure(authority(next))) {
        throw new RegistryException(action, "refused redirect from HTTPS to plain HTTP "
            + redact(next), response.statusCode(), List.of(), false, null);
      }
      if (!authority(next).equals(authority(uri))) {
        authorization = null;
      }
      if (response.statusCode() == 303 && !"HEAD".equals(method)) {
        method = "GET";
        body = null;
      }
      log.debug("{}: {} redirect to {}", action, response.statusCode(), redact(next));
      uri = next;
    }
  }

  private void checkAddresses(String name, URI uri) throws IOException {
    String host = uri.getHost();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    java.net.InetAddress[] addresses;
    try {
      addresses = resolver.resolve(host);
    } catch (java.net.UnknownHostException e) {
      throw new TransportFailure("cannot resolve host " + host, e);
    }
    policy.checkAddresses(name, addresses);
  }

  private HttpClient clientFor(String name) {
    return trustAllClient != null && policy.skipsTlsVerify(name) ? trustAllClient : client;
  }

  /** Runs an attempt up to maxAttempts times while it fails with 429, 5xx or transport errors. */
  <T> T withRetries(String action, Attempt<T> attempt) {
    for (int n = 1; ; n++) {
      RetryableFailure failure;
      try {
        return attempt.run();
      } catch (RetryableFailure e) {
        failure = e;
      } catch (SSLException e) {
        throw new RegistryException(action, "TLS failure: " + e.getMessage() + "; for a registry"
            + " with a private CA add the CA to the JVM trust store, or list the registry in"
            + " scangate.registries.skip-tls-verify", -1, List.of(), false, e);
      } catch (IOException e) {
        if (Thread.currentThread().isInterrupted()) {
          throw new RegistryException(action, "interrupted", -1, List.of(), true, e);
        }
        failure = new RetryableFailure(e instanceof TransportFailure ? e.getMessage()
            : e.getMessage() == null ? e.toString() : e.getMessage(), -1, List.of(), null, e);
      }
      if (n >= settings.maxAttempts()) {
        throw new RegistryUnavailableException(action, failure.problem, failure.status,
            failure.errors, n, failure.getCause());
      }
      Duration wait = failure.retryAfter != null
          ? min(failure.retryAfter, settings.maxBackoff()) : backoff(n);
      log.debug("{}: {}; attempt {} of {} failed, retrying in {}", action, failure.problem, n,
          settings.maxAttempts(), wait);
      try {
        sleeper.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RegistryException(action, "interrupted while waiting to retry", -1, List.of(),
            true, e);
      }
    }
  }

  /**
   * Exponential backoff with "equal jitter": half the exponential step plus a random part of the
   * other half, never above maxBackoff.
   */
  Duration backoff(int failedAttempts) {
    long initial = settings.initialBackoff().toMillis();
    long cap = settings.maxBackoff().toMillis();
    long step = failedAttempts >= 31 ? cap : Math.min(cap, initial << (failedAttempts - 1));
    long half = step / 2;
    return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(step - half + 1));
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  static String format(Duration duration) {
    long millis = duration.toMillis();
    return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
  }

  /** host[:port] of a URI, as the policy and messages name it. */
  static String authority(URI uri) {
    return uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
  }

  /** A URI without query and fragment: presigned storage URLs carry signatures there. */
  static String redact(URI uri) {
    return uri.getScheme() + "://" + authority(uri) + (uri.getRawPath() == null ? ""
        : uri.getRawPath());
  }

  private static SSLException tlsCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SSLException ssl) {
        return ssl;
      }
    }
    return null;
  }

  private HttpClient newClient(SSLContext sslContext) {
    HttpClient.Builder builder = HttpClient.newBuilder()
        .connectTimeout(settings.connectTimeout())
        .followRedirects(HttpClient.Redirect.NEVER);
    if (sslContext != null) {
      builder.sslContext(sslContext);
    }
    return builder.build();
  }

  /**
   * A context that accepts any certificate for any host name, used only for the hosts in
   * skipTlsVerify. An {@link X509ExtendedTrustManager} is needed: JSSE wraps a plain
   * X509TrustManager and would still verify the host name.
   */
  private static SSLContext trustAll() {
    X509ExtendedTrustManager trustAll = new X509ExtendedTrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType, java.net.Socket s) {
      }

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType, java.net.Socket s) {
      }

      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine e) {
      }

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine e) {
      }

      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType) {
      }

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType) {
      }

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    };
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {trustAll}, new SecureRandom());
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot create a TLS context", e);
    }
  }

  /** One try of an operation. */
  @FunctionalInterface
  interface Attempt<T> {
    T run() throws IOException, RetryableFailure;
  }

  /** A transport failure described for the final message: what we could not reach, and how. */
  static final class TransportFailure extends IOException {
    TransportFailure(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** A failure worth another attempt: 429, 5xx, or a transport error. */
  static final class RetryableFailure extends Exception {
    final String problem;
    final int status;
    final List<RegistryError> errors;
    final Duration retryAfter;

    RetryableFailure(String problem, int status, List<RegistryError> errors, Duration retryAfter,
        Throwable cause) {
      super(problem, cause, false, false);
      this.problem = problem;
      this.status = status;
      this.errors = List.copyOf(errors);
      this.retryAfter = retryAfter;
    }
  }
}

package dev.scangate.support;

import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dashboard's way of calling the API: a cookie jar with the session cookie, and the
 * {@code XSRF-TOKEN} cookie echoed in {@code X-XSRF-TOKEN} on state-changing requests (unless
 * {@link #withoutCsrfHeader()}).
 */
public final class BrowserSession {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final String base;
  private final CookieManager cookies;
  private final HttpClient http;
  private final boolean sendCsrf;

  public BrowserSession(String base) {
    this(base, new CookieManager(), true);
  }

  /** A session whose cookies are in the given jar, e.g. one filled by a sign-in elsewhere. */
  public BrowserSession(String base, CookieManager cookies) {
    this(base, cookies, true);
  }

  private BrowserSession(String base, CookieManager cookies, boolean sendCsrf) {
    this.base = base;
    this.cookies = cookies;
    this.sendCsrf = sendCsrf;
    this.http = HttpClient.newBuilder().cookieHandler(cookies)
        .connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** The same cookies, without the CSRF header: what a cross-site form post looks like. */
  public BrowserSession withoutCsrfHeader() {
    return new BrowserSession(base, cookies, false);
  }

  public Api.Response login(String username, String password) {
    return post("/api/v1/session", "{\"username\":" + JSON.writeValueAsString(username)
        + ",\"password\":" + JSON.writeValueAsString(password) + "}");
  }

  public Api.Response get(String path) {
    return send("GET", path, null);
  }

  public Api.Response post(String path, String json) {
    return send("POST", path, json);
  }

  public Api.Response patch(String path, String json) {
    return send("PATCH", path, json);
  }

  public Api.Response delete(String path) {
    return send("DELETE", path, null);
  }

  /** A cookie's value, or null. */
  public String cookie(String name) {
    return cookies.getCookieStore().getCookies().stream()
        .filter(c -> c.getName().equals(name)).map(HttpCookie::getValue).findFirst()
        .orElse(null);
  }

  private Api.Response send(String method, String path, String json) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(30)).method(method, json == null
            ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      request.header("Content-Type", "application/json");
    }
    String csrf = cookie("XSRF-TOKEN");
    if (sendCsrf && csrf != null && !method.equals("GET")) {
      request.header("X-XSRF-TOKEN", csrf);
    }
    try {
      HttpResponse<String> response = http.send(request.build(),
          HttpResponse.BodyHandlers.ofString());
      String type = response.headers().firstValue("Content-Type").orElse("");
      JsonNode body = type.contains("json") && !response.body().isEmpty()
          ? JSON.readTree(response.body()) : null;
      return new Api.Response(response.statusCode(), type, response.body(), body);
    } catch (IOException e) {
      throw new IllegalStateException("calling " + base + path + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

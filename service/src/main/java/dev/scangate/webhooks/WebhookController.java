package dev.scangate.webhooks;

import dev.scangate.platform.PublicEndpoint;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/webhooks/{source}}: events from registries and CI systems. Each source
 * authenticates its own way (see {@link WebhookAuthenticator}), so this endpoint takes no API
 * token. The body is read as raw bytes of any content type: signatures are over the exact bytes.
 */
@RestController
@RequestMapping("/api/v1/webhooks")
class WebhookController {

  private final WebhookService webhooks;

  WebhookController(WebhookService webhooks) {
    this.webhooks = webhooks;
  }

  @PublicEndpoint("authenticated per source by its own webhook secret or signature")
  @PostMapping("/{source}")
  ResponseEntity<WebhookResponse> receive(@PathVariable String source,
      @RequestBody(required = false) byte[] body, HttpServletRequest request) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (String name : Collections.list(request.getHeaderNames())) {
      headers.putIfAbsent(name, request.getHeader(name));
    }
    WebhookRequest delivery = new WebhookRequest(headers, query(request.getQueryString()), body);
    return ResponseEntity.status(HttpStatus.ACCEPTED).body(webhooks.receive(source, delivery));
  }

  /**
   * Query parameters from the query string itself, not {@code getParameter}, which would read a
   * form-encoded body and leave nothing to verify a signature over.
   */
  private static Map<String, String> query(String queryString) {
    Map<String, String> query = new LinkedHashMap<>();
    if (queryString == null || queryString.isEmpty()) {
      return query;
    }
    for (String pair : queryString.split("&")) {
      int equals = pair.indexOf('=');
      String name = decode(equals < 0 ? pair : pair.substring(0, equals));
      String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
      query.putIfAbsent(name, value);
    }
    return query;
  }

  private static String decode(String value) {
    try {
      return URLDecoder.decode(value, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return value; // a malformed escape stays as sent and will not match a secret
    }
  }
}

package dev.scangate.security;

import dev.scangate.platform.ApiException;
import dev.scangate.platform.Authority;
import dev.scangate.platform.Page;
import dev.scangate.platform.ProblemType;
import dev.scangate.platform.RequiresAuthority;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** API tokens: create (the secret is in this one response only), list, revoke. */
@RestController
@RequestMapping("/api/v1/tokens")
class TokenController {

  private final ApiTokens tokens;

  TokenController(ApiTokens tokens) {
    this.tokens = tokens;
  }

  /** {@code expiresAt}: an ISO-8601 instant, or absent for a token that does not expire. */
  record CreateRequest(String name, List<String> scopes, String expiresAt) {
  }

  @RequiresAuthority(Authority.ADMIN)
  @PostMapping
  ResponseEntity<Map<String, Object>> create(@RequestBody CreateRequest request) {
    Instant expiresAt = null;
    if (request.expiresAt() != null && !request.expiresAt().isBlank()) {
      try {
        expiresAt = Instant.parse(request.expiresAt());
      } catch (DateTimeParseException e) {
        throw new ApiException(ProblemType.VALIDATION_FAILED, "expiresAt: \""
            + request.expiresAt() + "\" is not an ISO-8601 instant, e.g. 2026-12-31T00:00:00Z",
            Map.of("field", "expiresAt", "input", request.expiresAt()));
      }
    }
    ApiTokens.Created created = tokens.create(request.name(), request.scopes(), expiresAt);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("token", created.token());
    body.put("secret", created.secret());
    return ResponseEntity.status(HttpStatus.CREATED)
        .header("Location", "/api/v1/tokens/" + created.token().id())
        .header("Cache-Control", "no-store").body(body);
  }

  @RequiresAuthority(Authority.ADMIN)
  @GetMapping
  Page<TokenView> list(@RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "50") int size) {
    return tokens.list(page, size);
  }

  @RequiresAuthority(Authority.ADMIN)
  @GetMapping("/{id}")
  TokenView get(@PathVariable UUID id) {
    return tokens.find(id).orElseThrow(() -> new ApiException(ProblemType.NOT_FOUND,
        "no API token with id " + id, Map.of("tokenId", id.toString())));
  }

  /** Revokes the token at once; later requests with it get 401. */
  @RequiresAuthority(Authority.ADMIN)
  @DeleteMapping("/{id}")
  ResponseEntity<Void> revoke(@PathVariable UUID id) {
    tokens.revoke(id);
    return ResponseEntity.noContent().build();
  }
}

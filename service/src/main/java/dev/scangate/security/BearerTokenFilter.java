package dev.scangate.security;

import dev.scangate.platform.ProblemType;
import dev.scangate.platform.ProblemWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer <token>}. A request that presents a token that is
 * unknown, revoked or expired gets 401 at once (it does not fall back to anonymous). The
 * authentication lives for this request only; no session is created.
 */
final class BearerTokenFilter extends OncePerRequestFilter {

  private static final String BEARER = "Bearer ";
  private final ApiTokens tokens;

  BearerTokenFilter(ApiTokens tokens) {
    this.tokens = tokens;
  }

  static boolean presentsToken(HttpServletRequest request) {
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    return header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length());
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
      FilterChain chain) throws ServletException, IOException {
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null) {
      chain.doFilter(request, response);
      return;
    }
    if (!presentsToken(request)) {
      ProblemWriter.write(request, response, ProblemType.UNAUTHENTICATED, "the Authorization"
          + " header must be \"Bearer <API token>\"; other schemes are not accepted");
      return;
    }
    ApiTokens.Check check = tokens.check(header.substring(BEARER.length()).trim());
    if (check instanceof ApiTokens.Refused refused) {
      ProblemWriter.write(request, response, ProblemType.UNAUTHENTICATED, refused.reason());
      return;
    }
    ApiTokens.Valid valid = (ApiTokens.Valid) check;
    Principals.Caller caller = new Principals.Caller(Principals.Kind.TOKEN, valid.id(),
        valid.name());
    SecurityContext context = SecurityContextHolder.createEmptyContext();
    context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(caller, null,
        Principals.granted(valid.scopes())));
    SecurityContextHolder.setContext(context);
    try {
      chain.doFilter(request, response);
    } finally {
      SecurityContextHolder.clearContext();
    }
  }
}

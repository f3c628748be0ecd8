package dev.scangate.security;

import dev.scangate.platform.ProblemType;
import dev.scangate.platform.ProblemWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Optional;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Re-reads a signed-in local user's account on every request, so that disabling an account or
 * changing its role takes effect at the next request rather than when the session expires.
 */
final class SessionUserFilter extends OncePerRequestFilter {

  private final Users users;

  SessionUserFilter(Users users) {
    this.users = users;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
      FilterChain chain) throws ServletException, IOException {
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    if (authentication == null
        || !(authentication.getPrincipal() instanceof Principals.Caller caller)
        || caller.kind() != Principals.Kind.USER) {
      chain.doFilter(request, response);
      return;
    }
    Optional<Users.Account> account = users.account(caller.id());
    if (account.isEmpty() || account.get().disabled()) {
      HttpSession session = request.getSession(false);
      if (session != null) {
        session.invalidate();
      }
      SecurityContextHolder.clearContext();
      ProblemWriter.write(request, response, ProblemType.UNAUTHENTICATED, "the account \""
          + caller.name() + "\" is disabled; the session has ended");
      return;
    }
    SecurityContext context = SecurityContextHolder.createEmptyContext();
    context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(caller, null,
        Principals.granted(account.get().role().authorities())));
    SecurityContextHolder.setContext(context);
    chain.doFilter(request, response);
  }
}

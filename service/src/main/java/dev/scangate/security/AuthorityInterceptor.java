package dev.scangate.security;

import dev.scangate.platform.ApiException;
import dev.scangate.platform.Authority;
import dev.scangate.platform.ProblemType;
import dev.scangate.platform.PublicEndpoint;
import dev.scangate.platform.RequiresAuthority;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Enforces {@link RequiresAuthority} on scangate's controller methods: 401 for an anonymous
 * caller, 403 for one without the authority. A scangate handler method that declares neither
 * that nor {@link PublicEndpoint} is refused (fail closed); a test keeps that from shipping.
 */
final class AuthorityInterceptor implements HandlerInterceptor {

  private static final Logger log = LoggerFactory.getLogger(AuthorityInterceptor.class);
  static final String OWN_PACKAGE = "dev.scangate.";

  @Override
  public boolean preHandle(HttpServletRequest request, HttpServletResponse response,
      Object handler) {
    if (!(handler instanceof HandlerMethod method)
        || !method.getBeanType().getName().startsWith(OWN_PACKAGE)) {
      return true;
    }
    if (method.hasMethodAnnotation(PublicEndpoint.class)) {
      return true;
    }
    RequiresAuthority required = method.getMethodAnnotation(RequiresAuthority.class);
    if (required == null) {
      log.error("{} declares neither @RequiresAuthority nor @PublicEndpoint; refusing",
          method.getShortLogMessage());
      throw new ApiException(ProblemType.FORBIDDEN, "this endpoint declares no authority and is"
          + " closed");
    }
    Authentication caller = SecurityContextHolder.getContext().getAuthentication();
    if (caller == null || !caller.isAuthenticated()
        || caller instanceof AnonymousAuthenticationToken) {
      throw new ApiException(ProblemType.UNAUTHENTICATED, "send an API token"
          + " (Authorization: Bearer <token>) or sign in (POST /api/v1/session)");
    }
    Authority needed = required.value();
    if (!Principals.has(caller.getAuthorities(), needed)) {
      throw new ApiException(ProblemType.FORBIDDEN, caller.getName() + " may not "
          + request.getMethod() + " " + request.getRequestURI() + ": it needs the '"
          + needed.value() + "' authority and has " + caller.getAuthorities().stream()
          .map(GrantedAuthority::getAuthority).toList(),
          Map.of("requiredAuthority", needed.value()));
    }
    return true;
  }
}

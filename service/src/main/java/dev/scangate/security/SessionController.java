package dev.scangate.security;

import dev.scangate.platform.ApiException;
import dev.scangate.platform.ProblemType;
import dev.scangate.platform.PublicEndpoint;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Dashboard sessions: sign in with a local account, ask who is signed in, sign out. A session
 * is a cookie ({@code SCANGATE_SESSION}); state-changing requests in a session must echo the
 * {@code XSRF-TOKEN} cookie in an {@code X-XSRF-TOKEN} header.
 */
@RestController
@RequestMapping("/api/v1/session")
class SessionController {

  private final AuthenticationManager authentication;
  private final Users users;
  private final SessionAuthenticationStrategy sessionStrategy;
  private final CsrfTokenRepository csrfTokens;
  private final HttpSessionSecurityContextRepository contexts =
      new HttpSessionSecurityContextRepository();

  SessionController(AuthenticationManager authentication, Users users,
      SessionAuthenticationStrategy sessionStrategy, CsrfTokenRepository csrfTokens) {
    this.authentication = authentication;
    this.users = users;
    this.sessionStrategy = sessionStrategy;
    this.csrfTokens = csrfTokens;
  }

  record LoginRequest(String username, String password) {
    @Override
    public String toString() {
      return "LoginRequest[" + username + "]";
    }
  }

  @PublicEndpoint("signs in with a username and password")
  @PostMapping
  Map<String, Object> login(@RequestBody LoginRequest login, HttpServletRequest request,
      HttpServletResponse response) {
    if (login.username() == null || login.password() == null) {
      throw new ApiException(ProblemType.VALIDATION_FAILED,
          "username and password are required", Map.of("field", login.username() == null
              ? "username" : "password"));
    }
    try {
      authentication.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(
          login.username(), login.password()));
    } catch (AuthenticationException e) {
      throw new ApiException(ProblemType.UNAUTHENTICATED,
          "invalid username or password, or the account is disabled");
    }
    Users.Account account = users.account(login.username()).orElseThrow();
    Principals.Caller caller = new Principals.Caller(Principals.Kind.USER, account.id(),
        account.username());
    Authentication signedIn = UsernamePasswordAuthenticationToken.authenticated(caller, null,
        Principals.granted(account.role().authorities()));
    // A new session id (no fixation) and a new CSRF token for the new session.
    request.getSession(true);
    sessionStrategy.onAuthentication(signedIn, request, response);
    SecurityContext context = SecurityContextHolder.createEmptyContext();
    context.setAuthentication(signedIn);
    SecurityContextHolder.setContext(context);
    contexts.saveContext(context, request, response);
    Map<String, Object> body = describe(signedIn);
    body.put("role", account.role().value());
    body.put("csrfToken", csrfToken(request));
    return body;
  }

  @PublicEndpoint("says who is signed in; 401 when nobody is")
  @GetMapping
  Map<String, Object> current(HttpServletRequest request) {
    Authentication caller = SecurityContextHolder.getContext().getAuthentication();
    if (caller == null || caller instanceof AnonymousAuthenticationToken
        || !caller.isAuthenticated()) {
      throw new ApiException(ProblemType.UNAUTHENTICATED, "nobody is signed in");
    }
    csrfToken(request);
    return describe(caller);
  }

  @PublicEndpoint("signs out; ends the session if there is one")
  @DeleteMapping
  ResponseEntity<Void> logout(HttpServletRequest request, HttpServletResponse response) {
    HttpSession session = request.getSession(false);
    if (session != null) {
      session.invalidate();
    }
    SecurityContextHolder.clearContext();
    csrfTokens.saveToken(null, request, response);
    return ResponseEntity.noContent().build();
  }

  private static Map<String, Object> describe(Authentication caller) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", caller.getName());
    body.put("authorities", caller.getAuthorities().stream()
        .map(GrantedAuthority::getAuthority).sorted().toList());
    return body;
  }

  /**
   * Loading the token makes the repository write the XSRF-TOKEN cookie. At sign-in the token is
   * the raw cookie value (what the X-XSRF-TOKEN header must carry).
   */
  private static String csrfToken(HttpServletRequest request) {
    CsrfToken token = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
    return token == null ? null : token.getToken();
  }
}

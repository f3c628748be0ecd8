package dev.scangate.security;

import dev.scangate.platform.Authority;
import dev.scangate.platform.ProblemType;
import dev.scangate.platform.ProblemWriter;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.security.web.authentication.session.ChangeSessionIdAuthenticationStrategy;
import org.springframework.security.web.authentication.session.CompositeSessionAuthenticationStrategy;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfAuthenticationStrategy;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Who may call what. Two filter chains:
 * <ul>
 *   <li>the doors that authenticate callers themselves or outside the application: webhooks
 *       (per-source secrets) and the Kubernetes admission webhook (TLS in the cluster); no
 *       tokens, sessions or CSRF there;</li>
 *   <li>everything else: API tokens ({@code Authorization: Bearer}), dashboard sessions with
 *       CSRF protection, OIDC login when configured. {@code /api/**} needs a caller; each
 *       controller method's {@code @RequiresAuthority} is enforced by
 *       {@link AuthorityInterceptor}.</li>
 * </ul>
 * Failures are problem+json: 401 when the caller is unknown, 403 when not permitted.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration implements WebMvcConfigurer {

  /** Paths served without any scangate authentication. */
  static final List<String> SELF_AUTHENTICATED = List.of("/api/v1/webhooks/**", "/k8s/**");
  private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry.addInterceptor(new AuthorityInterceptor());
  }

  @Bean
  PasswordEncoder passwordEncoder() {
    // {bcrypt} by default; stored hashes name their algorithm, so it can change later.
    return PasswordEncoderFactories.createDelegatingPasswordEncoder();
  }

  @Bean
  UserDetailsService userDetailsService(Users users) {
    return username -> users.account(username)
        .filter(account -> account.passwordHash() != null)
        .map(account -> User.withUsername(account.username()).password(account.passwordHash())
            .disabled(account.disabled()).authorities(Principals.granted(
                account.role().authorities())).build())
        .orElseThrow(() -> new UsernameNotFoundException("no local account " + username));
  }

  @Bean
  AuthenticationManager authenticationManager(UserDetailsService userDetails,
      PasswordEncoder passwordEncoder) {
    DaoAuthenticationProvider provider = new DaoAuthenticationProvider(userDetails);
    provider.setPasswordEncoder(passwordEncoder);
    return new ProviderManager(provider);
  }

  @Bean
  CsrfTokenRepository csrfTokenRepository() {
    // The single-page dashboard reads the XSRF-TOKEN cookie and echoes it in X-XSRF-TOKEN.
    return CookieCsrfTokenRepository.withHttpOnlyFalse();
  }

  @Bean
  SessionAuthenticationStrategy sessionAuthenticationStrategy(CsrfTokenRepository csrf) {
    CsrfAuthenticationStrategy newCsrfToken = new CsrfAuthenticationStrategy(csrf);
    newCsrfToken.setRequestHandler(new CsrfTokenRequestAttributeHandler());
    return new CompositeSessionAuthenticationStrategy(List.of(
        new ChangeSessionIdAuthenticationStrategy(), newCsrfToken));
  }

  @Bean
  @Order(1)
  SecurityFilterChain selfAuthenticated(HttpSecurity http) throws Exception {
    http.securityMatcher(SELF_AUTHENTICATED.toArray(String[]::new))
        .authorizeHttpRequests(a -> a.anyRequest().permitAll())
        .csrf(c -> c.disable())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .requestCache(c -> c.disable())
        .anonymous(a -> a.disable());
    return http.build();
  }

  @Bean
  @Order(2)
  SecurityFilterChain api(HttpSecurity http, ApiTokens tokens, Users users,
      CsrfTokenRepository csrf, ObjectProvider<ClientRegistrationRepository> oidc,
      IdentityProperties properties) throws Exception {
    RequestMatcher login = PathPatternRequestMatcher.withDefaults()
        .matcher(HttpMethod.POST, "/api/v1/session");
    // CSRF matters only where a browser sends a session cookie by itself: requests with a
    // bearer token, and requests without a session (anonymous, refused anyway), are exempt.
    RequestMatcher needsCsrf = request -> !SAFE_METHODS.contains(request.getMethod())
        && request.getSession(false) != null && !BearerTokenFilter.presentsToken(request)
        && !login.matches(request);
    http.authorizeHttpRequests(a -> a
            .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info")
            .permitAll()
            .requestMatchers("/actuator/**").hasAuthority(Authority.READ.value())
            .requestMatchers("/api/v1/session").permitAll()
            .requestMatchers("/api/**").authenticated()
            // the dashboard's static files, /v3/api-docs, /swagger-ui, OIDC redirects
            .anyRequest().permitAll())
        .addFilterBefore(new BearerTokenFilter(tokens), AnonymousAuthenticationFilter.class)
        .addFilterAfter(new SessionUserFilter(users), BearerTokenFilter.class)
        .csrf(c -> c.spa().csrfTokenRepository(csrf).requireCsrfProtectionMatcher(needsCsrf))
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.IF_REQUIRED))
        .requestCache(c -> c.disable())
        .httpBasic(b -> b.disable())
        .formLogin(f -> f.disable())
        .logout(l -> l.disable())
        .exceptionHandling(e -> e
            .authenticationEntryPoint((request, response, failure) -> ProblemWriter.write(
                request, response, ProblemType.UNAUTHENTICATED, unauthenticated(request)))
            .accessDeniedHandler((request, response, denied) -> ProblemWriter.write(request,
                response, ProblemType.FORBIDDEN, denied instanceof CsrfException
                    ? "missing or invalid CSRF token: send the XSRF-TOKEN cookie's value in the"
                    + " X-XSRF-TOKEN header (requests with a session cookie need it)"
                    : "not permitted: " + denied.getMessage())));
    if (oidc.getIfAvailable() != null) {
      http.oauth2Login(o -> o
          .userInfoEndpoint(u -> u.oidcUserService(new OidcUsers(properties.oidc())))
          .defaultSuccessUrl("/", true)
          .failureHandler(new OidcLoginFailure()));
    }
    return http.build();
  }

  /**
   * A refused OIDC sign-in (no mapped role, an error from the provider, a bad ID token) sends
   * the browser to {@code /?login=failed}; the reason goes to the log, where an operator can
   * see why someone could not sign in.
   */
  private static final class OidcLoginFailure extends SimpleUrlAuthenticationFailureHandler {
    private static final Logger log = LoggerFactory.getLogger(OidcLoginFailure.class);

    OidcLoginFailure() {
      super("/?login=failed");
    }

    @Override
    public void onAuthenticationFailure(HttpServletRequest request,
        HttpServletResponse response, AuthenticationException failure)
        throws IOException, ServletException {
      log.warn("OIDC sign-in refused: {}", failure.getMessage());
      super.onAuthenticationFailure(request, response, failure);
    }
  }

  private static String unauthenticated(HttpServletRequest request) {
    return "send an API token (Authorization: Bearer <token>) or sign in (POST /api/v1/session)"
        + " to call " + request.getMethod() + " " + request.getRequestURI();
  }
}

package idp.test;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

/**
 * A real OpenID Connect provider (Spring Authorization Server) for the OIDC login tests, run as
 * its own small application on a random port. It lives outside {@code dev.scangate} so that the
 * scangate application under test does not scan it.
 *
 * <p>One confidential client ({@link #CLIENT_ID}, no consent screen), users signing in with a
 * login form, and ID tokens carrying {@code preferred_username} and {@code groups}.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@ImportAutoConfiguration({TomcatServletWebServerAutoConfiguration.class,
    DispatcherServletAutoConfiguration.class, SecurityFilterAutoConfiguration.class})
@EnableWebSecurity
public class TestIdentityProvider {

  public static final String CLIENT_ID = "scangate-dashboard";
  public static final String CLIENT_SECRET = "dashboard client secret";

  /** A user of the provider: name, password, and the groups its ID token lists. */
  public record Account(String username, String password, List<String> groups) {
  }

  /** The running provider; {@link #close()} stops it. */
  public record Running(ConfigurableApplicationContext context, String issuer)
      implements AutoCloseable {
    @Override
    public void close() {
      context.close();
    }
  }

  /**
   * Starts a provider whose client accepts only {@code redirectUri}, with the given users.
   */
  public static Running start(String redirectUri, List<Account> accounts) {
    ConfigurableApplicationContext context = new SpringApplicationBuilder(
        TestIdentityProvider.class)
        // not the application.yml of the application under test
        .properties("spring.config.name=test-identity-provider", "server.port=0",
            "server.address=127.0.0.1", "spring.main.banner-mode=off",
            "idp.redirect-uri=" + redirectUri)
        .initializers(c -> c.getBeanFactory().registerSingleton("accounts",
            new Accounts(accounts)))
        .logStartupInfo(false)
        .run();
    int port = ((WebServerApplicationContext) context).getWebServer().getPort();
    return new Running(context, "http://127.0.0.1:" + port);
  }

  /** The users, handed in by {@link #start}. */
  record Accounts(List<Account> list) {
  }

  @Bean
  @Order(1)
  SecurityFilterChain authorizationServer(HttpSecurity http) throws Exception {
    http.oauth2AuthorizationServer(server -> {
      http.securityMatcher(server.getEndpointsMatcher());
      server.oidc(Customizer.withDefaults());
    })
        .authorizeHttpRequests(a -> a.anyRequest().authenticated())
        // a browser that is not signed in yet is sent to the login form
        .exceptionHandling(e -> e.defaultAuthenticationEntryPointFor(
            new LoginUrlAuthenticationEntryPoint("/login"),
            new MediaTypeRequestMatcher(MediaType.TEXT_HTML)))
        // the userinfo endpoint takes the access token
        .oauth2ResourceServer(r -> r.jwt(Customizer.withDefaults()));
    return http.build();
  }

  @Bean
  @Order(2)
  SecurityFilterChain login(HttpSecurity http) throws Exception {
    http.authorizeHttpRequests(a -> a.anyRequest().authenticated())
        .formLogin(Customizer.withDefaults());
    return http.build();
  }

  @Bean
  UserDetailsService users(Accounts accounts) {
    return new InMemoryUserDetailsManager(accounts.list().stream()
        .map(a -> User.withUsername(a.username()).password("{noop}" + a.password())
            .roles("USER").build())
        .toList());
  }

  @Bean
  RegisteredClientRepository clients(@Value("${idp.redirect-uri}") String redirectUri) {
    return new InMemoryRegisteredClientRepository(RegisteredClient
        .withId(UUID.randomUUID().toString())
        .clientId(CLIENT_ID)
        .clientSecret("{noop}" + CLIENT_SECRET)
        .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
        .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
        .redirectUri(redirectUri)
        .scope(OidcScopes.OPENID)
        .scope(OidcScopes.PROFILE)
        .clientSettings(ClientSettings.builder().requireAuthorizationConsent(false).build())
        .build());
  }

  /** ID tokens name the user ({@code preferred_username}) and list its {@code groups}. */
  @Bean
  OAuth2TokenCustomizer<JwtEncodingContext> idTokenClaims(Accounts accounts) {
    Map<String, List<String>> groups = accounts.list().stream()
        .collect(java.util.stream.Collectors.toMap(Account::username, Account::groups));
    return context -> {
      if ("id_token".equals(context.getTokenType().getValue())) {
        String username = context.getPrincipal().getName();
        context.getClaims().claim("preferred_username", username)
            .claim("groups", groups.getOrDefault(username, List.of()));
      }
    };
  }

  @Bean
  AuthorizationServerSettings authorizationServerSettings() {
    // the issuer follows the address the request came to: http://127.0.0.1:<port>
    return AuthorizationServerSettings.builder().build();
  }

  @Bean
  KeyPair signingKeys() throws NoSuchAlgorithmException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    return generator.generateKeyPair();
  }

  @Bean
  JWKSource<SecurityContext> jwkSource(KeyPair keys) {
    RSAKey key = new RSAKey.Builder((RSAPublicKey) keys.getPublic())
        .privateKey((RSAPrivateKey) keys.getPrivate()).keyID(UUID.randomUUID().toString())
        .build();
    return new ImmutableJWKSet<>(new JWKSet(key));
  }

  @Bean
  JwtDecoder jwtDecoder(KeyPair keys) {
    return NimbusJwtDecoder.withPublicKey((RSAPublicKey) keys.getPublic()).build();
  }
}

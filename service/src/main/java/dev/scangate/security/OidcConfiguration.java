package dev.scangate.security;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;

/**
 * OIDC login for the dashboard when {@code scangate.oidc.issuer-uri} is set: the browser goes to
 * {@code /oauth2/authorization/oidc}, the provider redirects back to
 * {@code /login/oauth2/code/oidc}. The provider's discovery document is read at startup.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "scangate.oidc", name = "issuer-uri")
class OidcConfiguration {

  static final String REGISTRATION_ID = "oidc";

  @Bean
  ClientRegistrationRepository clientRegistrationRepository(IdentityProperties properties) {
    IdentityProperties.Oidc oidc = properties.oidc();
    ClientRegistration registration = ClientRegistrations
        .fromIssuerLocation(oidc.issuerUri())
        .registrationId(REGISTRATION_ID)
        .clientId(oidc.clientId())
        .clientSecret(oidc.clientSecret())
        .scope(oidc.scopes())
        .userNameAttributeName("sub")
        .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
        .build();
    return new InMemoryClientRegistrationRepository(registration);
  }
}

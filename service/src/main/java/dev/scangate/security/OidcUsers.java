package dev.scangate.security;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * Maps a user signed in at the OIDC provider to a scangate role: the highest role any of the
 * user's groups ({@code scangate.oidc.roles-claim}) maps to in {@code scangate.oidc.role-mapping},
 * else {@code scangate.oidc.default-role}; with neither, the login is refused.
 */
final class OidcUsers implements OAuth2UserService<OidcUserRequest, OidcUser> {

  private final IdentityProperties.Oidc settings;
  private final OidcUserService delegate = new OidcUserService();

  OidcUsers(IdentityProperties.Oidc settings) {
    this.settings = settings;
  }

  @Override
  public OidcUser loadUser(OidcUserRequest request) {
    OidcUser user = delegate.loadUser(request);
    String username = Optional.ofNullable(user.getClaimAsString(settings.usernameClaim()))
        .orElse(user.getSubject());
    Role role = role(user.getClaims().get(settings.rolesClaim())).orElseThrow(() ->
        new OAuth2AuthenticationException(new OAuth2Error("access_denied", "user " + username
            + " has no group mapped to a scangate role (scangate.oidc.role-mapping) and no"
            + " scangate.oidc.default-role is set", null)));
    return new ScangateOidcUser(Principals.granted(role.authorities()), user, username);
  }

  Optional<Role> role(Object groups) {
    List<String> names = groups instanceof Collection<?> values
        ? values.stream().map(String::valueOf).toList()
        : groups == null ? List.of() : List.of(String.valueOf(groups));
    Optional<Role> mapped = names.stream().map(settings.roleMapping()::get)
        .filter(java.util.Objects::nonNull).map(Role::parse)
        .max(Enum::compareTo);
    return mapped.isPresent() ? mapped
        : Optional.ofNullable(settings.defaultRole()).map(Role::parse);
  }

  /** An OIDC user whose name (the audit actor) is {@code oidc:<username>}. */
  static final class ScangateOidcUser extends DefaultOidcUser {
    private final String username;

    ScangateOidcUser(Collection<? extends GrantedAuthority> authorities, OidcUser user,
        String username) {
      super(authorities, user.getIdToken(), user.getUserInfo());
      this.username = username;
    }

    @Override
    public String getName() {
      return "oidc:" + username;
    }

    @Override
    public boolean equals(Object other) {
      return super.equals(other);
    }

    @Override
    public int hashCode() {
      return super.hashCode();
    }
  }
}

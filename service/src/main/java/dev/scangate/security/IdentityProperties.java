package dev.scangate.security;

import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Identity settings. Secrets come from the environment and are never logged.
 *
 * @param bootstrapToken an admin API token whose value comes from the environment
 *     ({@code SCANGATE_BOOTSTRAP_TOKEN}); stored hashed; a changed value replaces the old one,
 *     and removing it revokes it
 * @param bootstrapAdmin a local admin account from the environment
 * @param security where the token generated on the first start is written
 * @param oidc OpenID Connect login for the dashboard; off without an issuer
 */
@ConfigurationProperties("scangate")
public record IdentityProperties(String bootstrapToken, BootstrapAdmin bootstrapAdmin,
    Security security, Oidc oidc) {

  /** Shortest accepted bootstrap token: it is hashed with plain SHA-256, so it must be random. */
  static final int MIN_BOOTSTRAP_TOKEN_LENGTH = 32;

  public IdentityProperties {
    if (bootstrapToken != null && bootstrapToken.isBlank()) {
      bootstrapToken = null;
    }
    if (bootstrapToken != null && (bootstrapToken.length() < MIN_BOOTSTRAP_TOKEN_LENGTH
        || !bootstrapToken.matches("[\\x21-\\x7e]+"))) {
      throw new IllegalArgumentException("scangate.bootstrap-token must be at least "
          + MIN_BOOTSTRAP_TOKEN_LENGTH + " printable characters without spaces (e.g. the output"
          + " of `openssl rand -hex 32`), got " + bootstrapToken.length() + " characters");
    }
    if (bootstrapAdmin == null) {
      bootstrapAdmin = new BootstrapAdmin(null, null);
    }
    if (security == null) {
      security = new Security(null, null);
    }
    if (oidc == null) {
      oidc = new Oidc(null, null, null, null, null, null, null, null);
    }
  }

  /**
   * @param username the account's name
   * @param password its password (12 to 72 bytes); a changed value replaces the stored hash
   */
  public record BootstrapAdmin(String username, String password) {
    public BootstrapAdmin {
      if (username != null && username.isBlank()) {
        username = null;
      }
      if (password != null && password.isEmpty()) {
        password = null;
      }
      if ((username == null) != (password == null)) {
        throw new IllegalArgumentException("scangate.bootstrap-admin.username and .password"
            + " must be set together");
      }
      if (username != null) {
        Users.checkUsername(username);
        Users.checkPassword(password, "scangate.bootstrap-admin.password");
      }
    }

    boolean configured() {
      return username != null;
    }

    @Override
    public String toString() {
      return "BootstrapAdmin[username=" + username + ", password=" + (password == null ? "unset"
          : "***") + "]";
    }
  }

  /**
   * @param initialTokenFile where the admin token generated on the very first start (no
   *     bootstrap token, no bootstrap admin, no tokens or users yet) is written, mode 600
   * @param initialToken whether to generate that token
   */
  public record Security(Path initialTokenFile, Boolean initialToken) {
    public Security {
      if (initialTokenFile == null) {
        initialTokenFile = Path.of(System.getProperty("user.home"), ".scangate", "admin-token");
      }
      if (initialToken == null) {
        initialToken = true;
      }
    }
  }

  /**
   * @param issuerUri the provider's issuer (its {@code /.well-known/openid-configuration} is read
   *     at startup); unset turns OIDC login off
   * @param clientId the client registered at the provider
   * @param clientSecret its secret
   * @param scopes scopes requested, default {@code openid, profile, email}
   * @param usernameClaim the claim naming the user, default {@code preferred_username}
   * @param rolesClaim the claim listing the user's groups, default {@code groups}
   * @param roleMapping group → role ({@code viewer}, {@code operator}, {@code security-admin},
   *     {@code admin}); the highest matching role wins
   * @param defaultRole role of a user none of whose groups is mapped; unset refuses the login
   */
  public record Oidc(String issuerUri, String clientId, String clientSecret, List<String> scopes,
      String usernameClaim, String rolesClaim, Map<String, String> roleMapping,
      String defaultRole) {
    public Oidc {
      if (issuerUri != null && issuerUri.isBlank()) {
        issuerUri = null;
      }
      if (issuerUri != null && (clientId == null || clientId.isBlank())) {
        throw new IllegalArgumentException("scangate.oidc.client-id is required with"
            + " scangate.oidc.issuer-uri");
      }
      scopes = scopes == null || scopes.isEmpty() ? List.of("openid", "profile", "email")
          : List.copyOf(scopes);
      usernameClaim = usernameClaim == null ? "preferred_username" : usernameClaim;
      rolesClaim = rolesClaim == null ? "groups" : rolesClaim;
      roleMapping = roleMapping == null ? Map.of() : Map.copyOf(roleMapping);
      roleMapping.forEach((group, role) -> {
        try {
          Role.parse(role);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("scangate.oidc.role-mapping." + group + ": "
              + e.getMessage());
        }
      });
      if (defaultRole != null && !defaultRole.isBlank()) {
        try {
          Role.parse(defaultRole);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("scangate.oidc.default-role: " + e.getMessage());
        }
      } else {
        defaultRole = null;
      }
    }

    boolean enabled() {
      return issuerUri != null;
    }

    @Override
    public String toString() {
      return "Oidc[issuerUri=" + issuerUri + ", clientId=" + clientId + ", clientSecret="
          + (clientSecret == null ? "unset" : "***") + "]";
    }
  }

  @Override
  public String toString() {
    return "IdentityProperties[bootstrapToken=" + (bootstrapToken == null ? "unset" : "***")
        + ", bootstrapAdmin=" + bootstrapAdmin + ", oidc=" + oidc + "]";
  }

  static int utf8Length(String value) {
    return value.getBytes(StandardCharsets.UTF_8).length;
  }
}

package dev.scangate.registry;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Credentials for one registry: a username and password (sent as HTTP Basic, or to a token
 * endpoint), or an identity token (an OAuth2 refresh token, as {@code docker login} stores for
 * some registries). {@link #toString()} never shows a secret.
 *
 * <pre>{@code
 * Credentials.basic("ci-bot", System.getenv("REGISTRY_PASSWORD"));
 * Credentials.identityToken(refreshToken);
 * }</pre>
 *
 * @param username the user name; {@code <token>} for an identity token without user
 * @param password the password, or null with an identity token
 * @param identityToken the refresh token, or null
 */
public record Credentials(String username, String password, String identityToken) {

  /** The user name Docker credential helpers return with an identity token. */
  public static final String TOKEN_USERNAME = "<token>";

  public Credentials {
    if ((password == null || password.isEmpty())
        && (identityToken == null || identityToken.isEmpty())) {
      throw new IllegalArgumentException("credentials need a password or an identity token");
    }
    if (password != null && !password.isEmpty() && (username == null || username.isEmpty())) {
      throw new IllegalArgumentException("credentials with a password need a username");
    }
    password = password == null || password.isEmpty() ? null : password;
    identityToken = identityToken == null || identityToken.isEmpty() ? null : identityToken;
  }

  public static Credentials basic(String username, String password) {
    return new Credentials(username, password, null);
  }

  public static Credentials identityToken(String token) {
    return new Credentials(TOKEN_USERNAME, null, token);
  }

  /** Whether these credentials can be sent as HTTP Basic. */
  public boolean hasPassword() {
    return password != null;
  }

  /** Whether an identity token (refresh token) is present. */
  public boolean hasIdentityToken() {
    return identityToken != null;
  }

  /** The {@code Authorization} header value for HTTP Basic (RFC 7617). */
  String basicAuthorization() {
    return "Basic " + Base64.getEncoder()
        .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Who these credentials are, for keying cached tokens: the user name and a fingerprint of the
   * secrets, so a changed password does not reuse a token obtained with the old one.
   */
  String identity() {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("JRE without SHA-256", e);
    }
    sha.update((password == null ? "" : password).getBytes(StandardCharsets.UTF_8));
    sha.update((byte) 0);
    sha.update((identityToken == null ? "" : identityToken).getBytes(StandardCharsets.UTF_8));
    return username + "#" + HexFormat.of().formatHex(sha.digest(), 0, 8);
  }

  @Override
  public String toString() {
    return "Credentials[username=" + username + ", password=" + (password == null ? "none"
        : "<redacted>") + ", identityToken=" + (identityToken == null ? "none" : "<redacted>")
        + "]";
  }
}

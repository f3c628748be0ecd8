package dev.scangate.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Credentials from a Docker {@code config.json}, read the way the Docker CLI reads it
 * (https://docs.docker.com/reference/cli/docker/#credential-store-options and
 * https://github.com/docker/cli/blob/master/cli/config/configfile/file.go):
 *
 * <ul>
 *   <li>{@code auths} keys may be {@code host}, {@code https://host} or a URL with a path; Docker
 *       Hub is {@code https://index.docker.io/v1/}. Keys are reduced to the host, as the CLI's
 *       {@code ConvertToHostname} does.
 *   <li>{@code auth} is base64 of {@code user:password}, split at the first colon (a password may
 *       contain colons); {@code username}/{@code password} fields work too; {@code identitytoken}
 *       is an OAuth2 refresh token.
 *   <li>{@code credHelpers} (per registry) then {@code credsStore} (all registries) name a
 *       {@code docker-credential-<name>} helper; when it is missing or knows nothing, the
 *       {@code auths} entry is used.
 * </ul>
 *
 * <pre>{@code
 * CredentialsProvider credentials = DockerConfigCredentials.load(settings.dockerConfig());
 * credentials.credentialsFor("ghcr.io");
 * }</pre>
 */
public final class DockerConfigCredentials implements CredentialsProvider {

  private static final Logger log = LoggerFactory.getLogger(DockerConfigCredentials.class);
  private static final String DOCKER_HUB_SERVER = "https://index.docker.io/v1/";

  private final Path source;
  private final Map<String, Credentials> auths;
  private final Map<String, String> credHelpers;
  private final String credsStore;
  private final CredentialHelper helper;

  private DockerConfigCredentials(Path source, Map<String, Credentials> auths,
      Map<String, String> credHelpers, String credsStore, CredentialHelper helper) {
    this.source = source;
    this.auths = Map.copyOf(auths);
    this.credHelpers = Map.copyOf(credHelpers);
    this.credsStore = credsStore;
    this.helper = helper;
  }

  /**
   * Reads {@code configured} (a file, or a directory holding {@code config.json}); when null,
   * {@code $DOCKER_CONFIG/config.json}, then {@code ~/.docker/config.json}. A default location
   * that does not exist gives no credentials.
   *
   * @throws IllegalArgumentException when {@code configured} does not exist, or the file is not a
   *     valid config (the message names the file and the entry, never a secret)
   */
  public static DockerConfigCredentials load(Path configured) {
    return load(configured, System.getenv("DOCKER_CONFIG"),
        Path.of(System.getProperty("user.home")), CredentialHelper.fromEnvironmentPath());
  }

  static DockerConfigCredentials load(Path configured, String dockerConfigEnv, Path home,
      CredentialHelper helper) {
    Path file;
    if (configured != null) {
      file = Files.isDirectory(configured) ? configured.resolve("config.json") : configured;
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException("Docker config " + file + " does not exist"
            + " (scangate.registries.docker-config)");
      }
    } else if (dockerConfigEnv != null && !dockerConfigEnv.isEmpty()) {
      file = Path.of(dockerConfigEnv).resolve("config.json");
    } else {
      file = home.resolve(".docker").resolve("config.json");
    }
    if (!Files.isRegularFile(file)) {
      log.debug("no Docker config at {}; pulling anonymously unless credentials are given", file);
      return new DockerConfigCredentials(null, Map.of(), Map.of(), null, helper);
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read Docker config " + file, e);
    }
    return parse(bytes, file, helper);
  }

  static DockerConfigCredentials parse(byte[] bytes, Path source, CredentialHelper helper) {
    JsonNode root = JsonFields.object(bytes, "Docker config " + source);
    Map<String, Credentials> auths = new LinkedHashMap<>();
    JsonNode authsNode = root.path("auths");
    if (authsNode.isObject()) {
      for (Map.Entry<String, JsonNode> entry : authsNode.properties()) {
        String registry = hostOf(entry.getKey());
        Credentials credentials = entryCredentials(entry.getValue(), entry.getKey(), source);
        if (credentials != null && !auths.containsKey(registry)) {
          auths.put(registry, credentials);
        }
      }
    }
    Map<String, String> credHelpers = new LinkedHashMap<>();
    JsonNode helpersNode = root.path("credHelpers");
    if (helpersNode.isObject()) {
      for (Map.Entry<String, JsonNode> entry : helpersNode.properties()) {
        if (entry.getValue().isString() && !entry.getValue().stringValue().isEmpty()) {
          credHelpers.put(hostOf(entry.getKey()), entry.getValue().stringValue());
        }
      }
    }
    String credsStore = JsonFields.optionalString(root, "credsStore");
    return new DockerConfigCredentials(source, auths, credHelpers,
        credsStore == null || credsStore.isEmpty() ? null : credsStore, helper);
  }

  @Override
  public Optional<Credentials> credentialsFor(String registry) {
    String host = RegistrySettings.normalizeRegistry(registry);
    String serverUrl = "docker.io".equals(host) ? DOCKER_HUB_SERVER : host;
    String helperName = credHelpers.getOrDefault(host, credsStore);
    if (helperName != null) {
      Optional<Credentials> fromHelper = helper.get(helperName, serverUrl);
      if (fromHelper.isPresent()) {
        return fromHelper;
      }
    }
    return Optional.ofNullable(auths.get(host));
  }

  /** The file the credentials came from, if one was found. */
  public Optional<Path> source() {
    return Optional.ofNullable(source);
  }

  private static Credentials entryCredentials(JsonNode entry, String key, Path source) {
    if (!entry.isObject()) {
      return null;
    }
    String where = "Docker config " + source + ": auths[\"" + key + "\"]";
    String username = JsonFields.optionalString(entry, "username");
    String password = JsonFields.optionalString(entry, "password");
    String auth = JsonFields.optionalString(entry, "auth");
    if (auth != null && !auth.isBlank()) {
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(auth.strip()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ".auth is not valid base64");
      }
      int colon = decoded.indexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException(where + ".auth must encode user:password");
      }
      username = decoded.substring(0, colon);
      password = decoded.substring(colon + 1);
    }
    String identityToken = JsonFields.optionalString(entry, "identitytoken");
    boolean hasPassword = password != null && !password.isEmpty();
    boolean hasToken = identityToken != null && !identityToken.isEmpty();
    if (!hasPassword && !hasToken) {
      return null;
    }
    if (hasToken) {
      return new Credentials(username == null || username.isEmpty()
          ? Credentials.TOKEN_USERNAME : username, null, identityToken);
    }
    if (username == null || username.isEmpty()) {
      throw new IllegalArgumentException(where + " has a password but no username");
    }
    return Credentials.basic(username, password);
  }

  /** {@code https://index.docker.io/v1/} → {@code docker.io}; {@code http://h:5000/x} → {@code h:5000}. */
  static String hostOf(String key) {
    String host = key.strip();
    String lower = host.toLowerCase(Locale.ROOT);
    if (lower.startsWith("http://")) {
      host = host.substring(7);
    } else if (lower.startsWith("https://")) {
      host = host.substring(8);
    }
    int slash = host.indexOf('/');
    if (slash >= 0) {
      host = host.substring(0, slash);
    }
    return RegistrySettings.normalizeRegistry(host);
  }

  @Override
  public String toString() {
    return "DockerConfigCredentials[source=" + source + ", registries=" + auths.keySet()
        + ", credHelpers=" + credHelpers + ", credsStore=" + credsStore + "]";
  }
}

package dev.scangate.registry;

import dev.scangate.image.Digest;
import dev.scangate.image.Platform;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The fields of an image configuration
 * (https://github.com/opencontainers/image-spec/blob/main/config.md) that scangate uses, with the
 * raw bytes for whoever needs the rest. Docker's container image config v1 has the same fields.
 *
 * <pre>{@code
 * ImageConfig config = client.fetchConfig(ref, manifest.config());
 * config.user();          // "1000:1000"
 * config.labels();        // {"org.opencontainers.image.source": "…"}
 * config.diffIds();       // one per layer, uncompressed digests
 * }</pre>
 *
 * @param variant CPU variant such as {@code v7}, or null
 * @param user the {@code config.User} string, or null when unset (which means root)
 * @param created when the image was created, or null when absent or not RFC 3339
 * @param historyCount the number of {@code history} entries, including empty layers
 * @param raw the config exactly as received; the accessor returns a copy
 */
public record ImageConfig(String os, String architecture, String variant, String user,
    Map<String, String> labels, Instant created, List<String> env, List<String> entrypoint,
    List<String> cmd, List<Digest> diffIds, int historyCount, byte[] raw) {

  public ImageConfig {
    labels = labels == null ? Map.of()
        : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(labels));
    env = List.copyOf(env);
    entrypoint = List.copyOf(entrypoint);
    cmd = List.copyOf(cmd);
    diffIds = List.copyOf(diffIds);
    raw = raw.clone();
  }

  @Override
  public byte[] raw() {
    return raw.clone();
  }

  /** The platform, or null when os or architecture is absent or unknown to scangate. */
  public Platform platform() {
    return Platform.lenient(os, architecture, variant);
  }

  /**
   * Parses a config. Only {@code rootfs.diff_ids} entries must be valid digests (they tie the
   * config to the layers); other odd values are read leniently, since image builders vary.
   *
   * @throws IllegalArgumentException naming the broken field
   */
  public static ImageConfig parse(byte[] bytes) {
    JsonNode root = JsonFields.object(bytes, "config");
    JsonNode config = root.path("config");
    if (!config.isObject() && !config.isMissingNode() && !config.isNull()) {
      throw new IllegalArgumentException("config.config must be an object");
    }
    List<Digest> diffIds = new ArrayList<>();
    JsonNode rootfs = root.path("rootfs");
    List<String> diffIdTexts = rootfs.isObject()
        ? JsonFields.optionalStrings(rootfs, "diff_ids", "config.rootfs") : List.of();
    for (int i = 0; i < diffIdTexts.size(); i++) {
      try {
        diffIds.add(Digest.parse(diffIdTexts.get(i)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("config.rootfs.diff_ids[" + i + "]: " + e.getMessage());
      }
    }
    String created = JsonFields.optionalString(root, "created", "config");
    String user = config.isObject() ? JsonFields.optionalString(config, "User", "config.config")
        : null;
    return new ImageConfig(
        JsonFields.optionalString(root, "os", "config"),
        JsonFields.optionalString(root, "architecture", "config"),
        emptyToNull(JsonFields.optionalString(root, "variant", "config")),
        emptyToNull(user),
        config.isObject() ? JsonFields.optionalStringMap(config, "Labels", "config.config")
            : Map.of(),
        parseCreated(created),
        config.isObject() ? JsonFields.optionalStrings(config, "Env", "config.config") : List.of(),
        config.isObject() ? JsonFields.optionalStrings(config, "Entrypoint", "config.config")
            : List.of(),
        config.isObject() ? JsonFields.optionalStrings(config, "Cmd", "config.config")
            : List.of(),
        diffIds,
        JsonFields.optionalArray(root, "history", "config").size(),
        bytes);
  }

  // config.md: created is "combined date and time ... as defined by RFC 3339, section 5.6".
  private static Instant parseCreated(String created) {
    if (created == null || created.isEmpty()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(created).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static String emptyToNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ImageConfig that && Arrays.equals(raw, that.raw);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(raw);
  }

  @Override
  public String toString() {
    return "ImageConfig[" + os + "/" + architecture + (variant == null ? "" : "/" + variant)
        + ", user=" + user + ", created=" + created + ", layers=" + diffIds.size() + "]";
  }
}

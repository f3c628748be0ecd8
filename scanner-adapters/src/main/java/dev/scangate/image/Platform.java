package dev.scangate.image;

import java.util.Set;

/**
 * An image platform as in the OCI image index: {@code os/architecture[/variant]}, e.g.
 * {@code linux/amd64} or {@code linux/arm/v7}.
 *
 * <p>Operating systems and architectures are checked against the values Go's GOOS and GOARCH
 * define, which the OCI image spec adopts
 * (https://github.com/opencontainers/image-spec/blob/main/image-index.md#platform-variants).
 * {@code arm64/v8} is normalized to {@code arm64}, its default variant.
 */
public record Platform(String os, String architecture, String variant) {

  private static final Set<String> OPERATING_SYSTEMS = Set.of("aix", "android", "darwin",
      "dragonfly", "freebsd", "illumos", "ios", "js", "linux", "netbsd", "openbsd", "plan9",
      "solaris", "wasip1", "windows");
  private static final Set<String> ARCHITECTURES = Set.of("386", "amd64", "arm", "arm64",
      "loong64", "mips", "mips64", "mips64le", "mipsle", "ppc64", "ppc64le", "riscv64", "s390x",
      "wasm");
  private static final String EXAMPLE = "linux/amd64";

  /** The platform scangate picks from an index when none is requested. */
  public static final Platform DEFAULT = new Platform("linux", "amd64", null);

  public Platform {
    String input = os + "/" + architecture + (variant == null ? "" : "/" + variant);
    if (!OPERATING_SYSTEMS.contains(os)) {
      throw new InvalidReferenceException(input, "unknown operating system \"" + os
          + "\"; known: " + String.join(", ", new java.util.TreeSet<>(OPERATING_SYSTEMS)), EXAMPLE);
    }
    if (!ARCHITECTURES.contains(architecture)) {
      throw new InvalidReferenceException(input, "unknown architecture \"" + architecture
          + "\"; known: " + String.join(", ", new java.util.TreeSet<>(ARCHITECTURES)), EXAMPLE);
    }
    if (variant != null && !variant.matches("v[0-9]+")) {
      throw new InvalidReferenceException(input,
          "variant must look like v7 or v8, got \"" + variant + "\"", "linux/arm/v7");
    }
    if ("arm64".equals(architecture) && "v8".equals(variant)) {
      variant = null;
    }
  }

  /** Parses {@code os/arch} or {@code os/arch/variant}. */
  public static Platform parse(String value) {
    if (value == null || value.isBlank()) {
      throw new InvalidReferenceException(String.valueOf(value), "platform is empty", EXAMPLE);
    }
    String[] parts = value.split("/", -1);
    if (parts.length < 2 || parts.length > 3) {
      throw new InvalidReferenceException(value, "platform must be os/arch[/variant]", EXAMPLE);
    }
    return new Platform(parts[0], parts[1], parts.length == 3 ? parts[2] : null);
  }

  /**
   * Builds a platform from the fields of an index entry or image config, which may carry values
   * this build does not know; returns null when they cannot form a platform.
   */
  public static Platform lenient(String os, String architecture, String variant) {
    try {
      return new Platform(os, architecture, variant == null || variant.isEmpty() ? null : variant);
    } catch (InvalidReferenceException e) {
      return null;
    }
  }

  /** Whether an index entry with this platform satisfies a request for {@code wanted}. */
  public boolean satisfies(Platform wanted) {
    return os.equals(wanted.os) && architecture.equals(wanted.architecture)
        && (wanted.variant == null || wanted.variant.equals(variant));
  }

  @Override
  public String toString() {
    return os + "/" + architecture + (variant == null ? "" : "/" + variant);
  }
}

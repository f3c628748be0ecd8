package dev.scangate.registry;

import dev.scangate.image.Platform;
import java.util.List;
import java.util.stream.Collectors;

/**
 * An image index has no manifest for the requested platform:
 * {@code no linux/s390x in index; available: linux/amd64, linux/arm64}.
 */
public class PlatformNotFoundException extends RegistryException {

  private final Platform requested;
  private final List<Platform> available;

  public PlatformNotFoundException(Platform requested, List<Platform> available) {
    this(null, requested, available);
  }

  /** The same failure, with what was being done in front of the message. */
  public PlatformNotFoundException(String action, Platform requested, List<Platform> available) {
    super(action, -1, List.of(), false, null, (action == null ? "" : action + ": ") + "no "
        + requested + " in index; available: " + (available.isEmpty() ? "none"
            : available.stream().map(Platform::toString).collect(Collectors.joining(", "))));
    this.requested = requested;
    this.available = List.copyOf(available);
  }

  public Platform requested() {
    return requested;
  }

  /** The platforms the index offers, in index order, without duplicates. */
  public List<Platform> available() {
    return available;
  }
}

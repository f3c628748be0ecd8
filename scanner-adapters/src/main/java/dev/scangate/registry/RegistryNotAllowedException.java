package dev.scangate.registry;

import java.util.List;

/**
 * scangate's configuration forbids this registry, or the registry's host resolves to a private,
 * loopback or link-local address it was not explicitly configured for. Raised before any
 * connection is made.
 *
 * <pre>{@code
 * // registry "evil.example:5000" is not allowed; add it to scangate.registries.allowed
 * }</pre>
 */
public class RegistryNotAllowedException extends RegistryException {

  private final String registry;

  public RegistryNotAllowedException(String registry, String message) {
    super("checking registry \"" + registry + "\"", -1, List.of(), false, null, message);
    this.registry = registry;
  }

  /** The registry (or redirect or token host) that was refused, as {@code host[:port]}. */
  public String registry() {
    return registry;
  }
}

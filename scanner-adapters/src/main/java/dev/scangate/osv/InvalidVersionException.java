package dev.scangate.osv;

/**
 * A version string that is not valid in a {@link VersionScheme}. The message quotes the input
 * and shows a valid example, e.g. {@code invalid PEP 440 version "1.0-foo-bar": ... (example:
 * "1!2.0.post1")}.
 */
public class InvalidVersionException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String version;

  InvalidVersionException(VersionScheme scheme, String version, String problem) {
    super("invalid " + scheme.displayName() + " version \"" + version + "\": " + problem
        + " (example: \"" + scheme.example() + "\")");
    this.version = version;
  }

  /** The rejected input. */
  public String version() {
    return version;
  }
}

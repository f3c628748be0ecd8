package dev.scangate.support;

/** The real registries {@code dev/test-env.sh up} starts, read from the environment. */
public final class TestRegistry {

  private TestRegistry() {
  }

  /** The open registry, e.g. {@code 127.0.0.1:5000}. */
  public static String open() {
    return require("SCANGATE_TEST_REGISTRY");
  }

  /** The registry behind htpasswd basic auth, e.g. {@code 127.0.0.1:5001}. */
  public static String auth() {
    return require("SCANGATE_TEST_AUTH_REGISTRY");
  }

  public static String authUsername() {
    return require("SCANGATE_TEST_AUTH_REGISTRY_USERNAME");
  }

  public static String authPassword() {
    return require("SCANGATE_TEST_AUTH_REGISTRY_PASSWORD");
  }

  private static String require(String name) {
    String value = System.getenv(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(name + " is not set: run the tests with bin/test, or"
          + " eval \"$(dev/test-env.sh up)\" first");
    }
    return value;
  }
}

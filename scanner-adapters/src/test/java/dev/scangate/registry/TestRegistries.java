package dev.scangate.registry;

/**
 * The real registries of {@code dev/test-env.sh up}, found through the variables that
 * {@code dev/test-env.sh env} prints. Integration tests fail, rather than skip, without them.
 */
final class TestRegistries {

  private TestRegistries() {
  }

  /** The open registry, e.g. {@code 127.0.0.1:5000}. */
  static String open() {
    return require("SCANGATE_TEST_REGISTRY");
  }

  /** The registry behind htpasswd Basic auth, e.g. {@code 127.0.0.1:5001}. */
  static String withAuth() {
    return require("SCANGATE_TEST_AUTH_REGISTRY");
  }

  static String username() {
    return require("SCANGATE_TEST_AUTH_REGISTRY_USERNAME");
  }

  static String password() {
    return require("SCANGATE_TEST_AUTH_REGISTRY_PASSWORD");
  }

  private static String require(String name) {
    String value = System.getenv(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(name + " is not set: start the test registries with"
          + " `dev/test-env.sh up` and export their addresses with"
          + " `eval \"$(dev/test-env.sh env)\"` before `mvn verify`");
    }
    return value;
  }
}

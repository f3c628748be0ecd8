package dev.scangate.registry;

import java.util.List;

/**
 * The registry refused our credentials (401) or our access (403), or asked for authentication we
 * cannot provide. Not retryable: the configuration has to change.
 *
 * <pre>{@code
 * // pulling manifest 1 of 127.0.0.1:5001/scangate-test/private: 401 Unauthorized
 * //   (UNAUTHORIZED: authentication required); no credentials for 127.0.0.1:5001
 * }</pre>
 */
public class RegistryAuthException extends RegistryException {

  public RegistryAuthException(String action, int status, List<RegistryError> errors,
      String hint) {
    super(action, describe(status, errors) + (hint == null ? "" : "; " + hint), status, errors,
        false, null);
  }

  /** An authentication failure that is not an HTTP answer (a challenge we cannot satisfy). */
  public RegistryAuthException(String action, String problem) {
    super(action, problem, -1, List.of(), false, null);
  }
}

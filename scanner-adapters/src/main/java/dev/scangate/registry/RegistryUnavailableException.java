package dev.scangate.registry;

import java.util.List;

/**
 * The registry could not be reached, timed out, or kept answering 429/5xx until the client ran
 * out of attempts. Retryable: a job may try again later.
 *
 * <pre>{@code
 * // pulling manifest 1 of 127.0.0.1:5999/app: cannot connect to 127.0.0.1:5999 (4 attempts)
 * }</pre>
 */
public class RegistryUnavailableException extends RegistryException {

  private final int attempts;

  public RegistryUnavailableException(String action, String problem, int status,
      List<RegistryError> errors, int attempts, Throwable cause) {
    super(action, problem + " (" + attempts + (attempts == 1 ? " attempt)" : " attempts)"),
        status, errors, true, cause);
    this.attempts = attempts;
  }

  /** How many requests were made before giving up. */
  public int attempts() {
    return attempts;
  }
}

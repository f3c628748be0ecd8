package dev.scangate.registry;

import java.util.List;

/**
 * The registry sent a manifest or config scangate cannot use: not JSON, a required field missing,
 * a schema 1 or unknown manifest media type, or more bytes than the configured limit.
 * Not retryable.
 *
 * <pre>{@code
 * // pulling manifest 1 of reg/app: schema 1 manifest (application/vnd.docker.distribution.manifest.v1+prettyjws)
 * //   is not supported; push the image again with a current client
 * }</pre>
 */
public class InvalidContentException extends RegistryException {

  public InvalidContentException(String action, String problem) {
    super(action, problem, -1, List.of(), false, null);
  }
}

package dev.scangate.registry;

import java.io.IOException;
import java.util.List;

/**
 * One registry API call (jib-core's RegistryEndpointProvider shape): what to request and how to
 * turn a successful response into a value. {@link RegistryTransport} does authentication,
 * retries, redirects and error mapping for all of them.
 */
interface RegistryEndpoint<T> {

  /** What is being done, for messages: {@code pulling manifest 1 of reg/app}. */
  String action();

  /** {@code GET} or {@code HEAD}. */
  String method();

  /** The path below the registry, e.g. {@code /v2/app/manifests/1}. */
  String path();

  List<String> accept();

  /**
   * Turns a 2xx response into the result. The endpoint either consumes and closes the body or
   * hands it to the caller inside the result; when it throws, the transport closes the body.
   */
  T handle(RegistryResponse response) throws IOException;

  /** The exception for 404 or a spec "unknown" error code. */
  default RegistryException notFound(int status, List<RegistryError> errors) {
    return new RegistryException(action(), RegistryException.describe(status, errors), status,
        errors, false, null);
  }
}

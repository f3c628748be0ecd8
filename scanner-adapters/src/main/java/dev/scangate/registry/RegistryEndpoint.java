package dev.scangate.registry;

import java.io.IOException;
import java.net.URI;
import java.util.List;

/**
 * One registry API call (jib-core's RegistryEndpointProvider shape): what to request and how to
 * turn a successful response into a value. {@link RegistryTransport} does authentication,
 * retries, redirects and error mapping for all of them.
 */
interface RegistryEndpoint<T> {

  /** What is being done, for messages: {@code pulling manifest 1 of reg/app}. */
  String action();

  /** {@code GET}, {@code HEAD}, {@code POST} or {@code PUT}. */
  String method();

  /** The path below the registry, e.g. {@code /v2/app/manifests/1}. */
  String path();

  /**
   * Where to send the request; by default {@link #path()} on the registry. An upload session
   * continues at the {@code Location} the registry gave, which may carry its own query.
   */
  default URI uri(RegistryTransport.Target target) {
    return target.uri(path());
  }

  List<String> accept();

  /** What the endpoint needs from the repository, which decides the token scope. */
  default Access access() {
    return Access.PULL;
  }

  /** The request body, or null for none; it is sent again on a retry, so it is held whole. */
  default byte[] body() {
    return null;
  }

  /** The {@code Content-Type} of {@link #body()}; required when there is a body. */
  default String contentType() {
    return null;
  }

  /** Further request headers, such as the conditions {@code If-Match} / {@code If-None-Match}. */
  default java.util.Map<String, String> headers() {
    return java.util.Map.of();
  }

  /**
   * Turns a 2xx response into the result. The endpoint either consumes and closes the body or
   * hands it to the caller inside the result; when it throws, the transport closes the body.
   */
  T handle(RegistryResponse response) throws IOException;

  /**
   * The access to the repository a request needs: the actions of the token scope
   * {@code repository:<name>:<actions>}
   * (https://distribution.github.io/distribution/spec/auth/scope/).
   */
  enum Access {
    PULL("pull"),
    PUSH("pull,push");

    private final String actions;

    Access(String actions) {
      this.actions = actions;
    }

    String actions() {
      return actions;
    }
  }

  /** The exception for 404 or a spec "unknown" error code. */
  default RegistryException notFound(int status, List<RegistryError> errors) {
    return new RegistryException(action(), RegistryException.describe(status, errors), status,
        errors, false, null);
  }
}

package dev.scangate.registry;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One HTTP response, after redirects, with a body that has not been read yet. */
final class RegistryResponse implements Closeable {

  private static final Logger log = LoggerFactory.getLogger(RegistryResponse.class);
  private static final int MAX_ERROR_BODY = 64 * 1024;

  private final HttpResponse<InputStream> response;
  private final URI uri;

  RegistryResponse(HttpResponse<InputStream> response, URI uri) {
    this.response = response;
    this.uri = uri;
  }

  int status() {
    return response.statusCode();
  }

  /** The URI that answered (after redirects). */
  URI uri() {
    return uri;
  }

  Optional<String> header(String name) {
    return response.headers().firstValue(name);
  }

  List<String> headers(String name) {
    return response.headers().allValues(name);
  }

  /** The {@code Content-Length}, or -1 when absent or invalid. */
  long contentLength() {
    return response.headers().firstValueAsLong("Content-Length").orElse(-1);
  }

  InputStream body() {
    return response.body();
  }

  /**
   * Reads the whole body, refusing more than {@code limit} bytes before reading them when the
   * length is announced, and as soon as the excess arrives when it is not.
   *
   * @throws InvalidContentException naming {@code what} and the limit
   */
  byte[] readAtMost(long limit, String action, String what, String limitName) throws IOException {
    try (InputStream in = response.body()) {
      long announced = contentLength();
      if (announced > limit) {
        throw tooLarge(action, what, announced + " bytes", limit, limitName);
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream(
          announced > 0 ? (int) announced : 8192);
      byte[] buffer = new byte[8192];
      int n;
      while ((n = in.read(buffer)) != -1) {
        if (out.size() + (long) n > limit) {
          throw tooLarge(action, what, "more than " + limit + " bytes", limit, limitName);
        }
        out.write(buffer, 0, n);
      }
      return out.toByteArray();
    }
  }

  /**
   * Reads an error body (bounded) and parses its {@code errors[]}. A body that cannot be read
   * gives no errors: the status code already says what happened.
   */
  List<RegistryError> readErrors() {
    try (InputStream in = response.body()) {
      return RegistryError.parseAll(in.readNBytes(MAX_ERROR_BODY));
    } catch (IOException e) {
      log.debug("could not read the error body of {}: {}", RegistryTransport.redact(uri),
          e.toString());
      return List.of();
    }
  }

  @Override
  public void close() {
    try {
      response.body().close();
    } catch (IOException e) {
      log.debug("closing the body of {}: {}", RegistryTransport.redact(uri), e.toString());
    }
  }

  private static InvalidContentException tooLarge(String action, String what, String size,
      long limit, String limitName) {
    return new InvalidContentException(action, what + " is " + size + ", more than the limit of "
        + limit + " bytes (" + limitName + ")");
  }
}

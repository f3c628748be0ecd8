package dev.scangate.webhooks;

import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a payload into a provider's wire record, turning every parse failure into a
 * {@link MalformedPayloadException} that says where the JSON broke. The wire records ignore
 * fields they do not name, so new fields a provider adds do not break anything.
 *
 * <pre>{@code
 * DockerHubPayload payload = reader.read(Provider.DOCKERHUB, body, DockerHubPayload.class);
 * }</pre>
 */
final class PayloadReader {

  private final JsonMapper mapper;

  PayloadReader(JsonMapper mapper) {
    this.mapper = mapper;
  }

  <T> T read(Provider provider, byte[] body, Class<T> type) {
    if (body == null || body.length == 0) {
      throw new MalformedPayloadException(provider, "the body is empty");
    }
    T value;
    try {
      value = mapper.readValue(body, type);
    } catch (JacksonException e) {
      String hint = startsWith(body, "payload=")
          ? "; the body is form-encoded: set the webhook's content type to application/json" : "";
      throw new MalformedPayloadException(provider, describe(e) + hint);
    }
    if (value == null) {
      throw new MalformedPayloadException(provider, "the body is JSON null");
    }
    return value;
  }

  private static String describe(JacksonException e) {
    String message = e.getOriginalMessage();
    int newline = message.indexOf('\n');
    if (newline >= 0) {
      message = message.substring(0, newline);
    }
    TokenStreamLocation location = e.getLocation();
    if (location != null && location.getLineNr() > 0) {
      message += " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
    return message;
  }

  private static boolean startsWith(byte[] body, String prefix) {
    if (body.length < prefix.length()) {
      return false;
    }
    for (int i = 0; i < prefix.length(); i++) {
      if (body[i] != prefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}

package dev.scangate.registry;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A registry operation failed. The message says what was being done, what the registry answered
 * and, when it sent one, its error body, e.g.
 * {@code pulling manifest 1 of 127.0.0.1:5000/scangate-test/files: 401 Unauthorized
 * (UNAUTHORIZED: authentication required)}.
 *
 * <p>{@link #retryable()} tells a job queue whether trying again later may succeed (the registry
 * was unavailable or rate-limited) or not (no such tag, bad credentials, corrupt content).
 *
 * <pre>{@code
 * try {
 *   client.fetchManifest(ref);
 * } catch (RegistryException e) {
 *   if (e.retryable()) { requeue(job); } else { fail(job, e.getMessage()); }
 * }
 * }</pre>
 */
public class RegistryException extends RuntimeException {

  private static final Map<Integer, String> REASONS = Map.ofEntries(
      Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"), Map.entry(403, "Forbidden"),
      Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"),
      Map.entry(406, "Not Acceptable"), Map.entry(408, "Request Timeout"),
      Map.entry(409, "Conflict"), Map.entry(410, "Gone"), Map.entry(413, "Content Too Large"),
      Map.entry(416, "Range Not Satisfiable"), Map.entry(429, "Too Many Requests"),
      Map.entry(500, "Internal Server Error"), Map.entry(501, "Not Implemented"),
      Map.entry(502, "Bad Gateway"), Map.entry(503, "Service Unavailable"),
      Map.entry(504, "Gateway Timeout"));
  private static final int MAX_ERRORS_IN_MESSAGE = 3;

  private final String action;
  private final int status;
  private final List<RegistryError> errors;
  private final boolean retryable;

  /**
   * @param action what was being done, e.g. {@code pulling manifest 1 of reg/app}
   * @param problem what went wrong, e.g. {@link #describe(int, List)} of the response
   * @param status the HTTP status, or -1 when there was no response
   */
  public RegistryException(String action, String problem, int status, List<RegistryError> errors,
      boolean retryable, Throwable cause) {
    this(action, status, errors, retryable, cause, action + ": " + problem);
  }

  /** For subclasses whose message does not start with the action. */
  protected RegistryException(String action, int status, List<RegistryError> errors,
      boolean retryable, Throwable cause, String message) {
    super(message, cause);
    this.action = action;
    this.status = status;
    this.errors = List.copyOf(errors);
    this.retryable = retryable;
  }

  /**
   * Describes a response: {@code 404 Not Found (MANIFEST_UNKNOWN: manifest unknown)}.
   */
  public static String describe(int status, List<RegistryError> errors) {
    String text = status + " " + REASONS.getOrDefault(status, "HTTP " + status);
    if (errors.isEmpty()) {
      return text;
    }
    return text + " (" + errors.stream().limit(MAX_ERRORS_IN_MESSAGE).map(RegistryError::toString)
        .collect(Collectors.joining("; ")) + ")";
  }

  /** What was being done, e.g. {@code pulling manifest 1 of 127.0.0.1:5000/app}. */
  public String action() {
    return action;
  }

  /** The HTTP status of the failing response, or -1 when no response was received. */
  public int status() {
    return status;
  }

  /** The registry's {@code errors[]} from the response body; empty when it sent none. */
  public List<RegistryError> errors() {
    return errors;
  }

  /** Whether the same operation may succeed later (the registry was unavailable or busy). */
  public boolean retryable() {
    return retryable;
  }
}

package dev.scangate.platform;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a problem+json response from a servlet filter, where no controller advice runs (the
 * security filters' 401 and 403), or from a server that is not a servlet (the admission
 * listener), in the same shape as {@code ApiExceptionHandler}.
 */
public final class ProblemWriter {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private ProblemWriter() {
  }

  public static void write(HttpServletRequest request, HttpServletResponse response,
      ProblemType type, String detail) throws IOException {
    response.setStatus(type.status().value());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    if (type == ProblemType.UNAUTHENTICATED) {
      response.setHeader("WWW-Authenticate", "Bearer realm=\"scangate\"");
    }
    response.getOutputStream().write(body(type, detail, request.getRequestURI()));
  }

  /** The problem+json body, for servers that are not servlets. */
  public static byte[] body(ProblemType type, String detail, String instance) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", type.uri().toString());
    body.put("title", type.title());
    body.put("status", type.status().value());
    body.put("detail", detail);
    body.put("instance", instance);
    return JSON.writeValueAsBytes(body);
  }
}

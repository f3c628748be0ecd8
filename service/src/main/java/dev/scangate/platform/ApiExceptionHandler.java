package dev.scangate.platform;

import dev.scangate.image.InvalidReferenceException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/** Renders every API error as RFC 9457 problem details; never a stack trace. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ApiExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

  @ExceptionHandler(ApiException.class)
  ResponseEntity<ProblemDetail> api(ApiException e, HttpServletRequest request) {
    return problem(e.type(), e.getMessage(), e.properties(), request);
  }

  @ExceptionHandler(InvalidReferenceException.class)
  ResponseEntity<ProblemDetail> invalidReference(InvalidReferenceException e,
      HttpServletRequest request) {
    return problem(ProblemType.INVALID_REFERENCE, e.getMessage(),
        Map.of("input", e.input()), request);
  }

  @ExceptionHandler(MethodArgumentNotValidException.class)
  ResponseEntity<ProblemDetail> invalid(MethodArgumentNotValidException e,
      HttpServletRequest request) {
    List<Map<String, Object>> errors = e.getBindingResult().getFieldErrors().stream()
        .map(f -> Map.<String, Object>of("field", f.getField(),
            "message", String.valueOf(f.getDefaultMessage())))
        .toList();
    String detail = errors.stream().map(m -> m.get("field") + ": " + m.get("message"))
        .reduce((a, b) -> a + "; " + b).orElse("invalid request");
    return problem(ProblemType.VALIDATION_FAILED, detail, Map.of("errors", errors), request);
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e,
      HttpServletRequest request) {
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof RequestSizeLimitFilter.TooLargeException tooLarge) {
        return problem(ProblemType.REQUEST_TOO_LARGE, tooLarge.getMessage(), Map.of(), request);
      }
    }
    return problem(ProblemType.MALFORMED_REQUEST,
        "the request body is not valid JSON for this endpoint", Map.of(), request);
  }

  @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
  ResponseEntity<ProblemDetail> mediaType(HttpMediaTypeNotSupportedException e,
      HttpServletRequest request) {
    return problem(ProblemType.UNSUPPORTED_MEDIA_TYPE, "content type " + e.getContentType()
        + " is not accepted; send " + e.getSupportedMediaTypes(), Map.of(), request);
  }

  @ExceptionHandler(MissingServletRequestParameterException.class)
  ResponseEntity<ProblemDetail> missingParameter(MissingServletRequestParameterException e,
      HttpServletRequest request) {
    return problem(ProblemType.VALIDATION_FAILED,
        "query parameter '" + e.getParameterName() + "' is required", Map.of(), request);
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e,
      HttpServletRequest request) {
    return problem(ProblemType.VALIDATION_FAILED, "parameter '" + e.getName() + "' has an invalid"
        + " value \"" + e.getValue() + "\"", Map.of(), request);
  }

  @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
  ResponseEntity<ProblemDetail> method(HttpRequestMethodNotSupportedException e,
      HttpServletRequest request) {
    return problem(ProblemType.METHOD_NOT_ALLOWED, e.getMethod() + " is not supported here",
        Map.of(), request);
  }

  @ExceptionHandler(NoResourceFoundException.class)
  ResponseEntity<ProblemDetail> noResource(NoResourceFoundException e, HttpServletRequest request) {
    return problem(ProblemType.NOT_FOUND, "no such resource: " + request.getRequestURI(), Map.of(),
        request);
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
    log.error("unexpected error on {} {}", request.getMethod(), request.getRequestURI(), e);
    return problem(ProblemType.INTERNAL, "an unexpected error occurred; see the server log",
        Map.of(), request);
  }

  static ResponseEntity<ProblemDetail> problem(ProblemType type, String detail,
      Map<String, Object> properties, HttpServletRequest request) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(type.status(), detail);
    problem.setType(type.uri());
    problem.setTitle(type.title());
    if (request != null) {
      problem.setInstance(java.net.URI.create(request.getRequestURI()));
    }
    properties.forEach(problem::setProperty);
    return ResponseEntity.status(type.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(problem);
  }
}

package dev.scangate.platform;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses API request bodies over {@code scangate.api.max-request-size} with 413: by the declared
 * Content-Length before reading, and by counting bytes for chunked bodies.
 */
@Component
class RequestSizeLimitFilter extends OncePerRequestFilter {

  private final long jsonLimit;
  private final long sbomLimit;
  private final long vulndbLimit;

  RequestSizeLimitFilter(ApiProperties properties) {
    this.jsonLimit = properties.maxRequestSize().toBytes();
    this.sbomLimit = properties.maxSbomSize().toBytes();
    this.vulndbLimit = properties.maxVulndbUploadSize().toBytes();
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !request.getRequestURI().startsWith("/api/");
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
      FilterChain chain) throws ServletException, IOException {
    boolean sbom = request.getRequestURI().startsWith("/api/v1/sboms");
    boolean vulndb = request.getRequestURI().equals("/api/v1/vulndb/imports");
    long limit = sbom ? sbomLimit : vulndb ? vulndbLimit : jsonLimit;
    String setting = sbom ? "scangate.api.max-sbom-size" : vulndb
        ? "scangate.api.max-vulndb-upload-size" : "scangate.api.max-request-size";
    long declared = request.getContentLengthLong();
    if (declared > limit) {
      String detail = "request body of " + declared + " bytes exceeds the limit of " + limit
          + " bytes (" + setting + ")";
      response.setStatus(ProblemType.REQUEST_TOO_LARGE.status().value());
      response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
      response.getOutputStream().write(("{\"type\":\"" + ProblemType.REQUEST_TOO_LARGE.uri()
          + "\",\"title\":\"" + ProblemType.REQUEST_TOO_LARGE.title() + "\",\"status\":413,"
          + "\"detail\":\"" + detail + "\",\"instance\":\"" + request.getRequestURI() + "\"}")
          .getBytes(StandardCharsets.UTF_8));
      return;
    }
    chain.doFilter(new LimitedRequest(request, limit, setting), response);
  }

  /** Thrown from the body stream when a body without Content-Length grows past the limit. */
  static final class TooLargeException extends IOException {
    TooLargeException(long limit, String setting) {
      super("request body exceeds the limit of " + limit + " bytes (" + setting + ")");
    }
  }

  private static final class LimitedRequest extends HttpServletRequestWrapper {
    private final long limit;
    private final String setting;
    private ServletInputStream stream;

    LimitedRequest(HttpServletRequest request, long limit, String setting) {
      super(request);
      this.limit = limit;
      this.setting = setting;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (stream == null) {
        ServletInputStream delegate = super.getInputStream();
        stream = new ServletInputStream() {
          private long count;

          @Override
          public int read() throws IOException {
            int b = delegate.read();
            if (b >= 0 && ++count > limit) {
              throw new TooLargeException(limit, setting);
            }
            return b;
          }

          @Override
          public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = delegate.read(buffer, offset, length);
            if (n > 0 && (count += n) > limit) {
              throw new TooLargeException(limit, setting);
            }
            return n;
          }

          @Override
          public boolean isFinished() {
            return delegate.isFinished();
          }

          @Override
          public boolean isReady() {
            return delegate.isReady();
          }

          @Override
          public void setReadListener(ReadListener listener) {
            delegate.setReadListener(listener);
          }
        };
      }
      return stream;
    }
  }
}

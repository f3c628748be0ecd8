package dev.scangate.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scangate.support.Api;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The admission listener (its own port, {@code scangate.admission.listener.port}) answers every
 * request of {@link AdmissionIT} as the main port does, and refuses what is not an admission
 * request with a problem naming the rule.
 */
class AdmissionListenerIT extends AdmissionIT {

  @DynamicPropertySource
  static void listener(DynamicPropertyRegistry registry) {
    registry.add("scangate.admission.listener.port", () -> "0");
    registry.add("scangate.admission.listener.address", () -> "127.0.0.1");
    registry.add("scangate.admission.listener.max-request-size", () -> "64KB");
  }

  @Autowired
  private AdmissionListener listener;

  @Override
  protected Api admissionServer() {
    assertThat(listener.port()).as("the listener's port").isPositive().isNotEqualTo(port);
    return new Api("http://127.0.0.1:" + listener.port(), null);
  }

  @Test
  void answersTheSameReviewAsTheMainPort() {
    byte[] review = AdmissionReviewReaderTest.fixture("02_pod.json");
    Api.Response main = api().anonymous().post("/k8s/admission?environment=prod",
        HttpRequest.BodyPublishers.ofByteArray(review), "application/json");
    Api.Response own = admissionServer().post("/k8s/admission?environment=prod",
        HttpRequest.BodyPublishers.ofByteArray(review), "application/json");
    assertThat(own.status()).isEqualTo(200);
    assertThat(own.contentType()).startsWith("application/json");
    assertThat(own.json()).isEqualTo(main.json());
  }

  @Test
  void refusesOtherPathsMethodsAndOversizedBodiesWithProblems() {
    Api own = admissionServer();
    Api.Response elsewhere = own.get("/api/v1/images");
    assertThat(elsewhere.status()).isEqualTo(404);
    assertThat(elsewhere.contentType()).isEqualTo("application/problem+json");
    assertThat(elsewhere.text("/detail")).contains("serves POST /k8s/admission only")
        .contains("/api/v1/images");

    Api.Response get = own.get("/k8s/admission?environment=prod");
    assertThat(get.status()).isEqualTo(405);
    assertThat(get.text("/type")).isEqualTo("https://scangate.dev/problems/method-not-allowed");

    byte[] big = new byte[65 * 1024];
    java.util.Arrays.fill(big, (byte) ' ');
    Api.Response oversized = own.post("/k8s/admission?environment=prod",
        HttpRequest.BodyPublishers.ofByteArray(big), "application/json");
    assertThat(oversized.status()).isEqualTo(413);
    assertThat(oversized.text("/detail")).contains("larger than 65536 bytes")
        .contains("scangate.admission.listener.max-request-size");

    Api.Response empty = own.post("/k8s/admission?environment=prod",
        HttpRequest.BodyPublishers.noBody(), "application/json");
    assertThat(empty.status()).isEqualTo(400);
    assertThat(empty.text("/type"))
        .isEqualTo("https://scangate.dev/problems/invalid-admission-review");
    assertThat(empty.text("/detail")).isEqualTo("AdmissionReview: the body is empty");
  }

  @Test
  void answersSeveralReviewsOnOneConnectionAsTheApiServerSendsThem() throws IOException {
    byte[] review = AdmissionReviewReaderTest.fixture("17_deny_me_pod.json");
    try (Socket socket = new Socket("127.0.0.1", listener.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      for (int i = 0; i < 3; i++) {
        out.write(("POST /k8s/admission?environment=prod HTTP/1.1\r\nHost: scangate\r\n"
            + "Content-Type: application/json\r\nContent-Length: " + review.length + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        out.write(review);
        out.flush();
        String response = readResponse(in);
        assertThat(response).startsWith("HTTP/1.1 200 OK")
            .contains("\"uid\":\"0c3331b6-1812-11ea-b3fc-02897404852e\"")
            .contains("\"allowed\":false");
      }
    }
  }

  /** One HTTP/1.1 response with a Content-Length, headers and body. */
  private static String readResponse(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed after " + head);
      }
      head.write(b);
    }
    String headers = head.toString(StandardCharsets.US_ASCII);
    int length = headers.lines().filter(l -> l.toLowerCase().startsWith("content-length:"))
        .map(l -> Integer.parseInt(l.substring(l.indexOf(':') + 1).trim())).findFirst()
        .orElseThrow(() -> new AssertionError("no Content-Length in " + headers));
    return headers + new String(in.readNBytes(length), StandardCharsets.UTF_8);
  }
}

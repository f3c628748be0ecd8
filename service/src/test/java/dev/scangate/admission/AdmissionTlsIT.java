package dev.scangate.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scangate.support.ScangateIT;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The admission endpoint over TLS, as a ValidatingWebhookConfiguration requires, with the
 * certificate and key read from files and reloaded when they change (cert-manager renews them
 * in place): on the main port and on the admission listener's own port.
 */
class AdmissionTlsIT extends ScangateIT {

  private static final Path DIR = tempDir();
  private static final Path CERT = DIR.resolve("tls.crt");
  private static final Path KEY = DIR.resolve("tls.key");

  @DynamicPropertySource
  static void tls(DynamicPropertyRegistry registry) throws Exception {
    writeCertificate("first");
    registry.add("server.ssl.bundle", () -> "scangate");
    registry.add("spring.ssl.bundle.pem.scangate.keystore.certificate", () -> "file:" + CERT);
    registry.add("spring.ssl.bundle.pem.scangate.keystore.private-key", () -> "file:" + KEY);
    registry.add("spring.ssl.bundle.pem.scangate.reload-on-update", () -> "true");
    registry.add("spring.ssl.bundle.watch.file.quiet-period", () -> "200ms");
    registry.add("scangate.admission.default-environment", () -> "prod");
    registry.add("scangate.admission.listener.port", () -> "0");
    registry.add("scangate.admission.listener.ssl-bundle", () -> "scangate");
  }

  @Autowired
  private AdmissionListener listener;

  @Test
  void servesAdmissionOverTlsAndPicksUpARenewedCertificate() throws Exception {
    // The main port and the admission listener, both from the same bundle.
    int[] ports = {port, listener.port()};
    assertThat(listener.secure()).isTrue();
    X509Certificate first = certificate(CERT);
    for (int p : ports) {
      assertThat(servedCertificate(p).getSerialNumber()).as("port %d", p)
          .isEqualTo(first.getSerialNumber());
    }

    // A client that trusts exactly this certificate (as the API server does with caBundle).
    HttpClient client = HttpClient.newBuilder().sslContext(trusting(first))
        .connectTimeout(Duration.ofSeconds(5)).build();
    for (int p : ports) {
      HttpResponse<String> response = client.send(HttpRequest.newBuilder(
              URI.create("https://127.0.0.1:" + p + "/k8s/admission"))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofByteArray(
              AdmissionReviewReaderTest.fixture("17_deny_me_pod.json"))).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as("port %d", p).isEqualTo(200);
      assertThat(response.body()).contains("\"uid\":\"0c3331b6-1812-11ea-b3fc-02897404852e\"")
          .contains("\"allowed\":false");
    }

    writeCertificate("renewed");
    BigInteger renewed = certificate(CERT).getSerialNumber();
    assertThat(renewed).isNotEqualTo(first.getSerialNumber());
    for (int p : ports) {
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      BigInteger served = servedCertificate(p).getSerialNumber();
      while (!served.equals(renewed) && System.nanoTime() < deadline) {
        Thread.sleep(200);
        served = servedCertificate(p).getSerialNumber();
      }
      assertThat(served).as("certificate served on port %d after the files changed", p)
          .isEqualTo(renewed);
    }
  }

  /** The certificate a port presents, read from a handshake that trusts anything. */
  private X509Certificate servedCertificate(int port) throws Exception {
    AtomicReference<X509Certificate> seen = new AtomicReference<>();
    X509TrustManager recording = new X509TrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType)
          throws CertificateException {
        throw new CertificateException("this client never checks client certificates");
      }

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType) {
        seen.set(chain[0]);
      }

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    };
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new TrustManager[] {recording}, null);
    try (SSLSocket socket = (SSLSocket) context.getSocketFactory()
        .createSocket("127.0.0.1", port)) {
      socket.startHandshake();
    }
    return seen.get();
  }

  private static SSLContext trusting(X509Certificate certificate) throws Exception {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    store.setCertificateEntry("scangate", certificate);
    TrustManagerFactory factory = TrustManagerFactory.getInstance(
        TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    return context;
  }

  private static X509Certificate certificate(Path file) throws Exception {
    return (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(file)));
  }

  /** A self-signed P-256 certificate for 127.0.0.1 made by openssl, moved into place. */
  private static void writeCertificate(String name) throws IOException, InterruptedException {
    Path key = DIR.resolve(name + ".key");
    Path cert = DIR.resolve(name + ".crt");
    Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec",
        "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "1",
        "-subj", "/CN=scangate-admission-" + name, "-addext", "subjectAltName=IP:127.0.0.1",
        "-keyout", key.toString(), "-out", cert.toString())
        .redirectErrorStream(true).start();
    String output = new String(openssl.getInputStream().readAllBytes());
    if (openssl.waitFor() != 0) {
      throw new IllegalStateException("openssl failed: " + output);
    }
    Files.move(key, KEY, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    Files.move(cert, CERT, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("scangate-admission-tls");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}

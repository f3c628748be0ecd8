package dev.scangate.webhooks;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

  private static byte[] flipOneByte(byte[] body) {
    byte[] copy = body.clone();
    copy[copy.length / 2] ^= 0x01;
    return copy;
  }

  private static WebhookRequest request(byte[] body, Map<String, String> headers) {
    return new WebhookRequest(headers, Map.of(), body);
  }

  @Nested
  class Github {

    private final byte[] body =
        Payloads.bytes("github/registry_package.published.docker.payload.json");
    private final GithubSignature check = new GithubSignature("s3cr3t-for-tests");

    private String sign(String secret, byte[] content) {
      return "sha256=" + HexFormat.of().formatHex(WebhookAuthenticator.hmacSha256(
          secret.getBytes(StandardCharsets.UTF_8), content));
    }

    @Test
    void acceptsGithubsDocumentedExample() {
      // https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries
      GithubSignature documented = new GithubSignature("It's a Secret to Everybody");
      assertThatCode(() -> documented.verify(request("Hello, World!".getBytes(),
          Map.of("X-Hub-Signature-256", "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586"
              + "c22c46f4379c8b043e17")))).doesNotThrowAnyException();
    }

    @Test
    void acceptsSignatureOfTheRawBody() {
      assertThatCode(() -> check.verify(request(body,
          Map.of("x-hub-signature-256", sign("s3cr3t-for-tests", body)))))
          .doesNotThrowAnyException();
    }

    @Test
    void refusesWrongSecret() {
      assertThatThrownBy(() -> check.verify(request(body,
          Map.of("X-Hub-Signature-256", sign("another-secret", body)))))
          .isInstanceOf(WebhookUnauthorizedException.class)
          .hasMessageContaining("does not match");
    }

    @Test
    void refusesFlippedBodyByte() {
      String signature = sign("s3cr3t-for-tests", body);
      assertThatThrownBy(() -> check.verify(request(flipOneByte(body),
          Map.of("X-Hub-Signature-256", signature))))
          .isInstanceOf(WebhookUnauthorizedException.class);
    }

    @Test
    void refusesMissingAndMalformedHeader() {
      assertThatThrownBy(() -> check.verify(request(body, Map.of())))
          .isInstanceOf(WebhookUnauthorizedException.class)
          .hasMessageStartingWith("missing header X-Hub-Signature-256");
      assertThatThrownBy(() -> check.verify(request(body,
          Map.of("X-Hub-Signature-256", "sha1=7d38cdd689735b008b3c702edd92eea23791c5f6"))))
          .isInstanceOf(WebhookUnauthorizedException.class)
          .hasMessage("X-Hub-Signature-256 is not sha256=<hex HMAC-SHA256>");
    }
  }

  @Nested
  class SharedSecrets {

    @Test
    void headerMustEqualTheSecret() {
      HeaderSecret gitlab = new HeaderSecret("X-Gitlab-Token", "gl-secret");
      assertThatCode(() -> gitlab.verify(request(new byte[0],
          Map.of("X-Gitlab-Token", "gl-secret")))).doesNotThrowAnyException();
      assertThatThrownBy(() -> gitlab.verify(request(new byte[0],
          Map.of("X-Gitlab-Token", "gl-secreT"))))
          .isInstanceOf(WebhookUnauthorizedException.class)
          .hasMessage("header X-Gitlab-Token does not match the configured secret");
      assertThatThrownBy(() -> gitlab.verify(request(new byte[0], Map.of())))
          .isInstanceOf(WebhookUnauthorizedException.class)
          .hasMessage("missing header X-Gitlab-Token");
    }

    @Test
    void bearerHeaderOfRegistryNotifications() {
      HeaderSecret registry = new HeaderSecret("Authorization", "Bearer reg-secret");
      assertThatCode(() -> registry.verify(request(new byte[0],
          Map.of("authorization", "Bearer reg-secret")))).doesNotThrowAnyException();
      assertThatThrownBy(() -> registry.verify(request(new byte[0],
          Map.of("Authorization", "reg-secret"))))
          .isInstanceOf(WebhookUnauthorizedException.class);
    }

    @Test
    void queryTokenMustEqualTheSecret() {
      QueryToken hub = new QueryToken("token", "hub-secret");
      assertThatCode(() -> hub.verify(new WebhookRequest(Map.of(), Map.of("token", "hub-secret"),
          new byte[0]))).doesNotThrowAnyException();
      assertThatThrownBy(() -> hub.verify(new WebhookRequest(Map.of(),
          Map.of("token", "hub-secret2"), new byte[0])))
          .isInstanceOf(WebhookUnauthorizedException.class)
          .hasMessage("query parameter token does not match the configured secret");
      assertThatThrownBy(() -> hub.verify(new WebhookRequest(Map.of(), Map.of(), new byte[0])))
          .isInstanceOf(WebhookUnauthorizedException.class)
          .hasMessageStartingWith("missing query parameter token");
    }
  }

  @Nested
  class StandardWebhooks {

    // The Standard Webhooks libraries' signing example
    // (standard-webhooks/standard-webhooks libraries/javascript/src/webhook.test.ts).
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long TIMESTAMP = 1614265330;
    private static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
    private static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private StandardWebhookSignature checkAt(Instant now) {
      return new StandardWebhookSignature(SECRET, Duration.ofMinutes(5),
          Clock.fixed(now, ZoneOffset.UTC));
    }

    private Map<String, String> headers(long timestamp, String signature) {
      Map<String, String> headers = new HashMap<>();
      headers.put("webhook-id", ID);
      headers.put("webhook-timestamp", Long.toString(timestamp));
      headers.put("webhook-signature", signature);
      return headers;
    }

    @Test
    void acceptsTheSpecsExample() {
      assertThatCode(() -> checkAt(Instant.ofEpochSecond(TIMESTAMP))
          .verify(request(BODY, headers(TIMESTAMP, SIGNATURE)))).doesNotThrowAnyException();
    }

    @Test
    void acceptsWhenAnyOfSeveralSignaturesMatches() {
      String several = "v1a,hnO3f9T8Ytu9HwrXslvumlUpqtNVqkhqw/enGzPCXe5B v1,Ceo5qEr07ixe2NLpvHk3F"
          + "H9bwy/WavXrAFQ/9tdO6mc= " + SIGNATURE;
      assertThatCode(() -> checkAt(Instant.ofEpochSecond(TIMESTAMP + 299))
          .verify(request(BODY, headers(TIMESTAMP, several)))).doesNotThrowAnyException();
    }

    @Test
    void refusesWrongSecret() {
      StandardWebhookSignature other = new StandardWebhookSignature(
          "whsec_" + Base64.getEncoder().encodeToString(new byte[32]), Duration.ofMinutes(5),
          Clock.fixed(Instant.ofEpochSecond(TIMESTAMP), ZoneOffset.UTC));
      assertThatThrownBy(() -> other.verify(request(BODY, headers(TIMESTAMP, SIGNATURE))))
          .isInstanceOf(WebhookUnauthorizedException.class)
          .hasMessageStartingWith("no v1 signature in webhook-signature matches");
    }

    @Test
    void refusesFlippedBodyByte() {
      assertThatThrownBy(() -> checkAt(Instant.ofEpochSecond(TIMESTAMP))
          .verify(request(flipOneByte(BODY), headers(TIMESTAMP, SIGNATURE))))
          .isInstanceOf(WebhookUnauthorizedException.class);
    }

    @Test
    void refusesSignatureOverAnotherTimestamp() {
      // The timestamp is signed: moving it into the window breaks the signature.
      assertThatThrownBy(() -> checkAt(Instant.ofEpochSecond(TIMESTAMP))
          .verify(request(BODY, headers(TIMESTAMP + 1, SIGNATURE))))
          .isInstanceOf(WebhookUnauthorizedException.class)
          .hasMessageStartingWith("no v1 signature");
    }

    @Test
    void refusesStaleTimestamp() {
      assertThatThrownBy(() -> checkAt(Instant.ofEpochSecond(TIMESTAMP + 301))
          .verify(request(BODY, headers(TIMESTAMP, SIGNATURE))))
          .isInstanceOf(WebhookUnauthorizedException.class)
          .hasMessageStartingWith("stale timestamp")
          .hasMessageContaining("301s behind");
    }

    @Test
    void refusesTimestampInTheFutureBeyondTolerance() {
      assertThatThrownBy(() -> checkAt(Instant.ofEpochSecond(TIMESTAMP - 301))
          .verify(request(BODY, headers(TIMESTAMP, SIGNATURE))))
          .isInstanceOf(WebhookUnauthorizedException.class)
          .hasMessageStartingWith("stale timestamp")
          .hasMessageContaining("301s ahead of");
    }

    @Test
    void refusesMissingHeadersAndBadTimestamp() {
      StandardWebhookSignature check = checkAt(Instant.ofEpochSecond(TIMESTAMP));
      for (String header : new String[] {"webhook-id", "webhook-timestamp",
          "webhook-signature"}) {
        Map<String, String> headers = headers(TIMESTAMP, SIGNATURE);
        headers.remove(header);
        assertThatThrownBy(() -> check.verify(request(BODY, headers)))
            .isInstanceOf(WebhookUnauthorizedException.class)
            .hasMessage("missing header " + header);
      }
      Map<String, String> text = headers(TIMESTAMP, SIGNATURE);
      text.put("webhook-timestamp", "hello");
      assertThatThrownBy(() -> check.verify(request(BODY, text)))
          .isInstanceOf(WebhookUnauthorizedException.class)
          .hasMessageContaining("not an integer");
      assertThatThrownBy(() -> check.verify(request(BODY, headers(TIMESTAMP, "v1,"))))
          .isInstanceOf(WebhookUnauthorizedException.class);
    }

    @Test
    void secretMustBeWhsecBase64WithoutQuotingIt() {
      assertThatThrownBy(() -> StandardWebhookSignature.decodeSecret("MfKQ9r8GKYqrTwjUPD8IL"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageNotContaining("MfKQ9r8GKYqrTwjUPD8IL")
          .hasMessageContaining("whsec_");
      assertThatThrownBy(() -> StandardWebhookSignature.decodeSecret("whsec_c2hvcnQ="))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("5 bytes");
    }
  }
}

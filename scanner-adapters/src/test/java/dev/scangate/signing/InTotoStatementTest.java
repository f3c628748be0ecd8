package dev.scangate.signing;

import static dev.scangate.signing.SigningFixtures.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scangate.image.Digest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class InTotoStatementTest {

  private static final Digest IMAGE = Digest.parse(
      "sha256:7afcb9d95f017314d6326803281c77fec3c3031019159786e52fd1cc8df5a75a");

  @Test
  void buildsAV1StatementWithThePredicateBytesVerbatim() {
    // cosign's real vuln predicate, pretty-printed with a trailing newline: kept as is.
    byte[] predicate = bytes("attestations/cosign-vuln-predicate.json");

    byte[] json = InTotoStatement.of(List.of(InTotoSubject.of("127.0.0.1:5000/app", IMAGE)),
        InTotoStatement.COSIGN_VULN_PREDICATE, predicate).toJson();

    assertThat(new String(json, StandardCharsets.UTF_8)).isEqualTo(
        "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":"
            + "\"127.0.0.1:5000/app\",\"digest\":{\"sha256\":\"" + IMAGE.hex() + "\"}}],"
            + "\"predicateType\":\"https://cosign.sigstore.dev/attestation/vuln/v1\","
            + "\"predicate\":" + new String(predicate, StandardCharsets.UTF_8) + "}");
    InTotoStatement read = InTotoStatement.parse(json);
    // Reading slices the JSON value itself: the file's final newline is outside it.
    assertThat(new String(read.predicate(), StandardCharsets.UTF_8))
        .isEqualTo(new String(predicate, StandardCharsets.UTF_8).stripTrailing());
    assertThat(read.hasSubject(IMAGE)).isTrue();
    assertThat(StrictJson.object(json, "statement").path("predicate").path("scanner")
        .path("uri").stringValue()).isNotEmpty();
  }

  @Test
  void readsGrypesV01StatementAndSlicesItsPredicateExactly() {
    DsseEnvelope envelope = DsseEnvelope.parse(bytes("attestations/grype-alpine.cdx.att.json"));
    byte[] payload = envelope.payload();

    InTotoStatement statement = InTotoStatement.parse(payload);

    assertThat(statement.type()).isEqualTo(InTotoStatement.STATEMENT_V01);
    assertThat(statement.predicateType()).isEqualTo(InTotoStatement.CYCLONEDX_PREDICATE);
    assertThat(statement.hasSubject(Digest.parse(
        "sha256:4edbd2beb5f78b1014028f4fbb99f3237d9561100b6881aabbf5acce2c4f9454"))).isTrue();
    assertThat(statement.hasSubject(IMAGE)).isFalse();
    String text = new String(payload, StandardCharsets.UTF_8);
    String predicate = new String(statement.predicate(), StandardCharsets.UTF_8);
    assertThat(predicate).startsWith("{\"bomFormat\":\"CycloneDX\"").endsWith("}");
    assertThat(text).endsWith(",\"predicate\":" + predicate + "}");
    JsonNode parsed = StrictJson.object(statement.predicate(), "predicate");
    assertThat(parsed).isEqualTo(StrictJson.object(payload, "statement").path("predicate"));
  }

  @Test
  void refusesAPredicateThatIsNotAJsonObject() {
    assertThatThrownBy(() -> InTotoStatement.of(List.of(InTotoSubject.of("app", IMAGE)),
        InTotoStatement.CYCLONEDX_PREDICATE, "[1,2]".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the predicate is not a JSON object");
  }

  @Test
  void refusesStatementsOfUnknownTypeOrWithoutSubjects() {
    assertThatThrownBy(() -> InTotoStatement.parse(("{\"_type\":\"https://example.com/x\","
        + "\"subject\":[],\"predicateType\":\"p\"}").getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(InvalidSignedDocumentException.class)
        .hasMessageStartingWith("in-toto statement: \"_type\" must be");
    assertThatThrownBy(() -> InTotoStatement.parse(("{\"_type\":\"https://in-toto.io/Statement/v1\","
        + "\"subject\":[],\"predicateType\":\"p\"}").getBytes(StandardCharsets.UTF_8)))
        .hasMessageStartingWith("in-toto statement: \"subject\" must be a non-empty array");
  }
}

package dev.scangate.signing;

import dev.scangate.image.Digest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;

/**
 * An in-toto Statement (https://github.com/in-toto/attestation/blob/main/spec/v1/statement.md):
 * what an attestation is about (subjects), what kind of claim it is (predicate type) and the
 * claim itself (predicate). The predicate is kept as the exact JSON bytes it was built from or
 * read as, so an SBOM inside an attestation is byte-identical to the SBOM that was stored.
 *
 * <p>Statements are written as v1 in the field order of the in-toto Go library:
 * {@code {"_type":"https://in-toto.io/Statement/v1","subject":[…],"predicateType":"…","predicate":{…}}}.
 * Reading also accepts v0.1, which cosign and grype still write.
 *
 * <pre>{@code
 * InTotoStatement statement = InTotoStatement.of(
 *     List.of(InTotoSubject.of("127.0.0.1:5000/app", digest)),
 *     InTotoStatement.CYCLONEDX_PREDICATE, cycloneDxJsonBytes);
 * DsseEnvelope envelope = DsseEnvelope.sign(DsseEnvelope.IN_TOTO_PAYLOAD_TYPE, statement.toJson(), signer);
 * }</pre>
 *
 * @param type the {@code _type}, {@link #STATEMENT_V1} or {@link #STATEMENT_V01}
 * @param predicate the predicate's JSON bytes exactly, or null when the statement has none
 */
public record InTotoStatement(String type, List<InTotoSubject> subjects, String predicateType,
    byte[] predicate) {

  public static final String STATEMENT_V1 = "https://in-toto.io/Statement/v1";
  public static final String STATEMENT_V01 = "https://in-toto.io/Statement/v0.1";
  /** SBOM predicate: a CycloneDX document. */
  public static final String CYCLONEDX_PREDICATE = "https://cyclonedx.org/bom";
  /** Scan result predicate of {@code cosign attest --type vuln}. */
  public static final String COSIGN_VULN_PREDICATE =
      "https://cosign.sigstore.dev/attestation/vuln/v1";
  /** Policy decision predicate. */
  public static final String SLSA_VSA_PREDICATE = "https://slsa.dev/verification_summary/v1";

  private static final Set<String> TYPES = Set.of(STATEMENT_V1, STATEMENT_V01);
  private static final String DOCUMENT = "in-toto statement";
  private static final String EXAMPLE = "{\"_type\":\"https://in-toto.io/Statement/v1\","
      + "\"subject\":[{\"name\":\"reg/app\",\"digest\":{\"sha256\":\"<hex>\"}}],"
      + "\"predicateType\":\"https://cyclonedx.org/bom\",\"predicate\":{…}}";

  public InTotoStatement {
    if (!TYPES.contains(type)) {
      throw new IllegalArgumentException("unsupported statement _type " + type);
    }
    subjects = List.copyOf(subjects);
    if (subjects.isEmpty()) {
      throw new IllegalArgumentException("an in-toto statement needs at least one subject");
    }
    if (predicateType == null || predicateType.isEmpty()) {
      throw new IllegalArgumentException("an in-toto statement needs a predicateType");
    }
    predicate = predicate == null ? null : predicate.clone();
  }

  /**
   * A v1 statement. The predicate must be one JSON object; its bytes are kept as given.
   *
   * @throws IllegalArgumentException when the predicate is not a JSON object
   */
  public static InTotoStatement of(List<InTotoSubject> subjects, String predicateType,
      byte[] predicateJson) {
    Objects.requireNonNull(predicateJson, "predicateJson");
    StrictJson.object(predicateJson, "the predicate");
    return new InTotoStatement(STATEMENT_V1, subjects, predicateType, predicateJson);
  }

  /** The statement as JSON bytes, the predicate embedded verbatim. */
  public byte[] toJson() {
    StringBuilder out = new StringBuilder(256);
    out.append("{\"_type\":");
    GoJson.string(out, type).append(",\"subject\":[");
    for (int i = 0; i < subjects.size(); i++) {
      InTotoSubject subject = subjects.get(i);
      out.append(i == 0 ? "" : ",").append("{\"name\":");
      GoJson.string(out, subject.name()).append(",\"digest\":");
      GoJson.value(out, subject.digest()).append('}');
    }
    out.append("],\"predicateType\":");
    GoJson.string(out, predicateType);
    byte[] head = GoJson.bytes(out);
    if (predicate == null) {
      byte[] json = Arrays.copyOf(head, head.length + 1);
      json[head.length] = '}';
      return json;
    }
    byte[] key = ",\"predicate\":".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] json = new byte[head.length + key.length + predicate.length + 1];
    System.arraycopy(head, 0, json, 0, head.length);
    System.arraycopy(key, 0, json, head.length, key.length);
    System.arraycopy(predicate, 0, json, head.length + key.length, predicate.length);
    json[json.length - 1] = '}';
    return json;
  }

  /** Whether a subject has this digest. */
  public boolean hasSubject(Digest digest) {
    return subjects.stream().anyMatch(subject -> subject.matches(digest));
  }

  /**
   * Reads a v1 or v0.1 statement. The predicate bytes are sliced from the input exactly, from the
   * first to the last byte of the JSON value (whitespace around the value is not part of it).
   *
   * @throws InvalidSignedDocumentException naming what is missing or broken
   */
  public static InTotoStatement parse(byte[] json) {
    JsonNode root;
    try {
      root = StrictJson.object(json, DOCUMENT);
    } catch (IllegalArgumentException e) {
      throw invalid(e.getMessage(), json);
    }
    JsonNode type = root.path("_type");
    if (!type.isString() || !TYPES.contains(type.stringValue())) {
      throw invalid("\"_type\" must be " + STATEMENT_V1 + " or " + STATEMENT_V01, json);
    }
    JsonNode predicateType = root.path("predicateType");
    if (!predicateType.isString() || predicateType.stringValue().isEmpty()) {
      throw invalid("\"predicateType\" must be a non-empty string", json);
    }
    JsonNode subjectNodes = root.path("subject");
    if (!subjectNodes.isArray() || subjectNodes.isEmpty()) {
      throw invalid("\"subject\" must be a non-empty array", json);
    }
    List<InTotoSubject> subjects = new ArrayList<>();
    int i = 0;
    for (JsonNode node : subjectNodes.values()) {
      String path = "subject[" + i++ + "]";
      JsonNode name = node.path("name");
      JsonNode digest = node.path("digest");
      if (!digest.isObject() || digest.isEmpty()) {
        throw invalid(path + ".digest must be a non-empty object", json);
      }
      Map<String, String> digests = new java.util.LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> entry : digest.properties()) {
        if (!entry.getValue().isString()) {
          throw invalid(path + ".digest." + entry.getKey() + " must be a string", json);
        }
        digests.put(entry.getKey(), entry.getValue().stringValue());
      }
      subjects.add(new InTotoSubject(name.isString() ? name.stringValue() : "", digests));
    }
    byte[] predicate = root.has("predicate") ? predicateBytes(json) : null;
    return new InTotoStatement(type.stringValue(), subjects, predicateType.stringValue(),
        predicate);
  }

  /** The bytes of the top-level "predicate" value, located with a streaming parser. */
  private static byte[] predicateBytes(byte[] json) {
    try (JsonParser parser = StrictJson.MAPPER.createParser(json)) {
      parser.nextToken();
      while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
        String name = parser.currentName();
        parser.nextToken();
        long start = parser.currentTokenLocation().getByteOffset();
        parser.skipChildren();
        if ("predicate".equals(name)) {
          long end = parser.currentLocation().getByteOffset();
          if (start < 0 || end <= start || end > json.length) {
            throw invalid("cannot locate the predicate's bytes", json);
          }
          return Arrays.copyOfRange(json, (int) start, (int) end);
        }
      }
    } catch (JacksonException e) {
      throw invalid("not valid JSON: " + e.getOriginalMessage(), json);
    }
    throw invalid("cannot locate the predicate's bytes", json);
  }

  private static InvalidSignedDocumentException invalid(String rule, byte[] json) {
    return new InvalidSignedDocumentException(DOCUMENT, rule, json, EXAMPLE);
  }

  @Override
  public byte[] predicate() {
    return predicate == null ? null : predicate.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof InTotoStatement that && type.equals(that.type)
        && subjects.equals(that.subjects) && predicateType.equals(that.predicateType)
        && Arrays.equals(predicate, that.predicate);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, subjects, predicateType, Arrays.hashCode(predicate));
  }

  @Override
  public String toString() {
    return "InTotoStatement[" + type + ", " + predicateType + ", " + subjects.size()
        + " subject(s), predicate " + (predicate == null ? "none" : predicate.length + " bytes")
        + "]";
  }
}

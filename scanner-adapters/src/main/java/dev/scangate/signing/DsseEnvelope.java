package dev.scangate.signing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * A DSSE envelope (https://github.com/secure-systems-lab/dsse/blob/master/envelope.md) as cosign
 * stores attestations: the payload type, the payload bytes and one or more signatures, each over
 * PAE(payloadType, payload) (protocol.md).
 *
 * <p>JSON is written in cosign's field order with standard base64:
 * {@code {"payloadType":"application/vnd.in-toto+json","payload":"…","signatures":[{"keyid":"","sig":"…"}]}}.
 * Signatures we make carry an empty {@code keyid}, as cosign's do: go-securesystemslib's envelope
 * verifier (used by {@code cosign verify-attestation}) skips a signature whose non-empty keyid
 * differs from the id it derives for the verifying key (an SSH-style SHA256 fingerprint), so any
 * other hint would make cosign ignore the signature.
 *
 * <pre>{@code
 * byte[] statement = InTotoStatement.of(subjects, "https://cyclonedx.org/bom", sbomJson).toJson();
 * DsseEnvelope envelope = DsseEnvelope.sign(DsseEnvelope.IN_TOTO_PAYLOAD_TYPE, statement, signer);
 * byte[] layer = envelope.toJson();
 * DsseEnvelope.parse(layer).verify(new SignatureVerifier(signer.publicKey()));   // true
 * }</pre>
 *
 * @param payload the exact payload bytes; the accessor returns a copy
 */
public record DsseEnvelope(String payloadType, byte[] payload, List<DsseSignature> signatures) {

  /** The payload type of in-toto statements (https://github.com/in-toto/attestation). */
  public static final String IN_TOTO_PAYLOAD_TYPE = "application/vnd.in-toto+json";

  private static final String DOCUMENT = "DSSE envelope";
  private static final String EXAMPLE = "{\"payloadType\":\"application/vnd.in-toto+json\","
      + "\"payload\":\"<base64>\",\"signatures\":[{\"keyid\":\"\",\"sig\":\"<base64>\"}]}";

  public DsseEnvelope {
    Objects.requireNonNull(payloadType, "payloadType");
    payload = payload.clone();
    signatures = List.copyOf(signatures);
  }

  /**
   * The pre-authentication encoding of DSSE v1 (protocol.md), over bytes:
   * {@code "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body}, where LEN is the number of
   * bytes in ASCII decimal and type is encoded as UTF-8.
   */
  public static byte[] pae(String payloadType, byte[] payload) {
    byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(type.length + payload.length + 32);
    out.writeBytes(("DSSEv1 " + type.length + " ").getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(type);
    out.writeBytes((" " + payload.length + " ").getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(payload);
    return out.toByteArray();
  }

  /** Signs {@code payload} and wraps it in an envelope with that one signature. */
  public static DsseEnvelope sign(String payloadType, byte[] payload, Signer signer) {
    return new DsseEnvelope(payloadType, payload, List.of()).withSignature(signer);
  }

  /** This envelope with one more signature, by {@code signer}. */
  public DsseEnvelope withSignature(Signer signer) {
    List<DsseSignature> more = new ArrayList<>(signatures);
    more.add(new DsseSignature("", signer.sign(pae(payloadType, payload))));
    return new DsseEnvelope(payloadType, payload, more);
  }

  /** Whether at least one signature verifies over PAE(payloadType, payload) with the key. */
  public boolean verify(SignatureVerifier verifier) {
    byte[] pae = pae(payloadType, payload);
    for (DsseSignature signature : signatures) {
      if (verifier.verify(pae, signature.sig())) {
        return true;
      }
    }
    return false;
  }

  /** The envelope as cosign writes it: compact JSON, standard base64. */
  public byte[] toJson() {
    StringBuilder out = new StringBuilder(payload.length * 4 / 3 + 256);
    out.append("{\"payloadType\":");
    GoJson.string(out, payloadType);
    out.append(",\"payload\":\"").append(Base64.getEncoder().encodeToString(payload))
        .append("\",\"signatures\":[");
    for (int i = 0; i < signatures.size(); i++) {
      DsseSignature signature = signatures.get(i);
      out.append(i == 0 ? "" : ",").append("{\"keyid\":");
      GoJson.string(out, signature.keyid());
      out.append(",\"sig\":\"").append(Base64.getEncoder().encodeToString(signature.sig()))
          .append("\"}");
    }
    return GoJson.bytes(out.append("]}"));
  }

  /**
   * Reads an envelope. Base64 may be standard or URL-safe, as envelope.md allows; unknown
   * fields (e.g. a Fulcio {@code cert} next to a signature) are ignored.
   *
   * @throws InvalidSignedDocumentException naming what is missing or broken
   */
  public static DsseEnvelope parse(byte[] json) {
    JsonNode root;
    try {
      root = StrictJson.object(json, DOCUMENT);
    } catch (IllegalArgumentException e) {
      throw invalid(e.getMessage(), json);
    }
    JsonNode type = root.path("payloadType");
    if (!type.isString() || type.stringValue().isEmpty()) {
      throw invalid("\"payloadType\" must be a non-empty string", json);
    }
    byte[] payload = base64(root.path("payload"), "\"payload\"", json);
    JsonNode signatureNodes = root.path("signatures");
    if (!signatureNodes.isArray() || signatureNodes.isEmpty()) {
      throw invalid("\"signatures\" must be a non-empty array", json);
    }
    List<DsseSignature> signatures = new ArrayList<>();
    int i = 0;
    for (JsonNode node : signatureNodes.values()) {
      String path = "signatures[" + i++ + "]";
      if (!node.isObject()) {
        throw invalid(path + " must be an object", json);
      }
      JsonNode keyid = node.path("keyid");
      if (!keyid.isMissingNode() && !keyid.isNull() && !keyid.isString()) {
        throw invalid(path + ".keyid must be a string", json);
      }
      byte[] sig = base64(node.path("sig"), path + ".sig", json);
      if (sig.length == 0) {
        throw invalid(path + ".sig is empty", json);
      }
      signatures.add(new DsseSignature(keyid.isString() ? keyid.stringValue() : "", sig));
    }
    return new DsseEnvelope(type.stringValue(), payload, signatures);
  }

  private static byte[] base64(JsonNode node, String name, byte[] json) {
    if (!node.isString()) {
      throw invalid(name + " must be a base64 string", json);
    }
    String text = node.stringValue();
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException standard) {
      try {
        return Base64.getUrlDecoder().decode(text);
      } catch (IllegalArgumentException urlSafe) {
        throw invalid(name + " is not valid base64", json);
      }
    }
  }

  private static InvalidSignedDocumentException invalid(String rule, byte[] json) {
    return new InvalidSignedDocumentException(DOCUMENT, rule, json, EXAMPLE);
  }

  @Override
  public byte[] payload() {
    return payload.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof DsseEnvelope that && payloadType.equals(that.payloadType)
        && Arrays.equals(payload, that.payload) && signatures.equals(that.signatures);
  }

  @Override
  public int hashCode() {
    return Objects.hash(payloadType, Arrays.hashCode(payload), signatures);
  }

  @Override
  public String toString() {
    return "DsseEnvelope[" + payloadType + ", " + payload.length + " bytes, "
        + signatures.size() + " signature(s)]";
  }
}

package dev.scangate.signing;

import java.security.PublicKey;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * A Sigstore bundle v0.3
 * (https://github.com/sigstore/protobuf-specs/blob/main/protos/sigstore_bundle.proto) carrying a
 * DSSE envelope signed with a plain public key: no certificate, no transparency-log entry, no
 * timestamp. The verification material is only a hint naming the key ({@link
 * PublicKeyPem#keyId}); the verifier must already have the key. Such a bundle verifies offline
 * with sigstore-js's low-level {@code Verifier} given the key and thresholds of zero;
 * verifiers that require a transparency-log entry (sigstore-java 2.0, the high-level sigstore-js
 * API) refuse it.
 *
 * <pre>{@code
 * SigstoreBundle bundle = new SigstoreBundle(envelope, signer.publicKey());
 * Files.write(Path.of("attestation.sigstore.json"), bundle.toJson());
 * }</pre>
 *
 * @param publicKeyHint the {@code verificationMaterial.publicKey.hint}
 */
public record SigstoreBundle(DsseEnvelope envelope, String publicKeyHint) {

  public static final String MEDIA_TYPE = "application/vnd.dev.sigstore.bundle.v0.3+json";
  private static final String EXAMPLE = "{\"mediaType\":\"" + MEDIA_TYPE
      + "\",\"verificationMaterial\":{…},\"dsseEnvelope\":{\"payload\":…}}";

  public SigstoreBundle {
    Objects.requireNonNull(envelope, "envelope");
    Objects.requireNonNull(publicKeyHint, "publicKeyHint");
    if (envelope.signatures().isEmpty()) {
      throw new IllegalArgumentException("a bundle needs a signed envelope");
    }
  }

  /** A bundle whose hint is the key id of {@code publicKey}. */
  public SigstoreBundle(DsseEnvelope envelope, PublicKey publicKey) {
    this(envelope, P256.keyId(publicKey));
  }

  /**
   * The bundle's protobuf JSON form. Protobuf JSON names DSSE signature fields {@code sig} and
   * {@code keyid} as the envelope does; bytes are standard base64.
   */
  public byte[] toJson() {
    StringBuilder out = new StringBuilder(envelope.payload().length * 4 / 3 + 512);
    out.append("{\"mediaType\":");
    GoJson.string(out, MEDIA_TYPE);
    out.append(",\"verificationMaterial\":{\"publicKey\":{\"hint\":");
    GoJson.string(out, publicKeyHint);
    out.append("},\"tlogEntries\":[],\"timestampVerificationData\":{\"rfc3161Timestamps\":[]}}");
    out.append(",\"dsseEnvelope\":{\"payload\":\"")
        .append(Base64.getEncoder().encodeToString(envelope.payload()))
        .append("\",\"payloadType\":");
    GoJson.string(out, envelope.payloadType()).append(",\"signatures\":[");
    List<DsseSignature> signatures = envelope.signatures();
    for (int i = 0; i < signatures.size(); i++) {
      out.append(i == 0 ? "" : ",").append("{\"sig\":\"")
          .append(Base64.getEncoder().encodeToString(signatures.get(i).sig()))
          .append("\",\"keyid\":");
      GoJson.string(out, signatures.get(i).keyid()).append('}');
    }
    return GoJson.bytes(out.append("]}}"));
  }

  /**
   * Reads a bundle that carries a DSSE envelope (v0.1 to v0.3 media types). Verification material
   * other than the key hint (certificates, transparency-log entries) is not read: the caller
   * verifies the envelope with a key it already has.
   *
   * @throws InvalidSignedDocumentException when it is not a bundle with a DSSE envelope
   */
  public static SigstoreBundle parse(byte[] json) {
    tools.jackson.databind.JsonNode root;
    try {
      root = StrictJson.object(json, "Sigstore bundle");
    } catch (IllegalArgumentException e) {
      throw new InvalidSignedDocumentException("Sigstore bundle", e.getMessage(), json, EXAMPLE);
    }
    String mediaType = root.path("mediaType").isString() ? root.path("mediaType").stringValue()
        : "";
    if (!mediaType.startsWith("application/vnd.dev.sigstore.bundle")) {
      throw new InvalidSignedDocumentException("Sigstore bundle", "\"mediaType\" \"" + mediaType
          + "\" is not a Sigstore bundle media type", json, EXAMPLE);
    }
    tools.jackson.databind.JsonNode dsse = root.path("dsseEnvelope");
    if (!dsse.isObject()) {
      throw new InvalidSignedDocumentException("Sigstore bundle", "no \"dsseEnvelope\" object"
          + " (a message-signature bundle is not an attestation)", json, EXAMPLE);
    }
    DsseEnvelope envelope = DsseEnvelope.parse(StrictJson.MAPPER.writeValueAsBytes(dsse));
    tools.jackson.databind.JsonNode hint = root.path("verificationMaterial").path("publicKey")
        .path("hint");
    return new SigstoreBundle(envelope, hint.isString() ? hint.stringValue() : "");
  }
}

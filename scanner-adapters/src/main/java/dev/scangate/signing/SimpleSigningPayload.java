package dev.scangate.signing;

import dev.scangate.image.Digest;
import dev.scangate.image.ImageReference;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * The payload cosign signs for an image: a "simple signing" document
 * (https://github.com/sigstore/cosign/blob/main/specs/SIGNATURE_SPEC.md, after
 * containers/image's containers-signature(5)). Written byte for byte as cosign writes it
 * ({@code payload.Cosign.MarshalJSON} in sigstore/sigstore, i.e. Go's {@code json.Marshal} of
 * {@code {Critical{Identity{DockerReference}, Image{DockerManifestDigest}, Type}, Optional}}):
 * <pre>
 * {"critical":{"identity":{"docker-reference":"127.0.0.1:5000/app"},"image":{"docker-manifest-digest":"sha256:…"},"type":"cosign container image signature"},"optional":null}
 * </pre>
 * {@code optional} holds the annotations given with {@code cosign sign -a key=value}, keys sorted,
 * or {@code null} when there are none.
 *
 * <pre>{@code
 * byte[] payload = SimpleSigningPayload.of(image, Map.of("env", "prod")).toJson();
 * byte[] signature = signer.sign(payload);
 * SimpleSigningPayload.parse(payload).manifestDigest();   // image.digest()
 * }</pre>
 *
 * @param dockerReference the repository as cosign names it ({@code index.docker.io/…} for
 *     Docker Hub), without tag or digest
 * @param optional annotations (strings, booleans, integers, nested maps and lists); empty when
 *     none
 */
public record SimpleSigningPayload(String dockerReference, Digest manifestDigest,
    Map<String, Object> optional) {

  /** The layer media type of simple signing payloads in a {@code .sig} manifest. */
  public static final String MEDIA_TYPE = "application/vnd.dev.cosign.simplesigning.v1+json";
  /** The value of {@code critical.type}. */
  public static final String TYPE = "cosign container image signature";

  private static final String DOCUMENT = "simple signing payload";
  private static final String EXAMPLE = "{\"critical\":{\"identity\":{\"docker-reference\":"
      + "\"reg/app\"},\"image\":{\"docker-manifest-digest\":\"sha256:<64 hex>\"},\"type\":"
      + "\"cosign container image signature\"},\"optional\":null}";
  /** go-containerregistry's name for Docker Hub (name.DefaultRegistry). */
  private static final String DOCKER_HUB_REGISTRY = "index.docker.io";

  public SimpleSigningPayload {
    Objects.requireNonNull(dockerReference, "dockerReference");
    Objects.requireNonNull(manifestDigest, "manifestDigest");
    optional = optional == null ? Map.of()
        : Collections.unmodifiableMap(new LinkedHashMap<>(optional));
  }

  /**
   * The payload for an image pinned to a digest, without annotations.
   *
   * @throws IllegalArgumentException when the reference has no digest
   */
  public static SimpleSigningPayload of(ImageReference image) {
    return of(image, Map.of());
  }

  /** The payload for an image pinned to a digest, with annotations. */
  public static SimpleSigningPayload of(ImageReference image, Map<String, ?> optional) {
    if (image.digest() == null) {
      throw new IllegalArgumentException("sign an image by digest, not by tag: " + image);
    }
    return new SimpleSigningPayload(dockerReference(image), image.digest(),
        new LinkedHashMap<>(optional));
  }

  /**
   * The repository as go-containerregistry's {@code Repository.Name()} writes it: registry and
   * repository, with Docker Hub as {@code index.docker.io}.
   */
  public static String dockerReference(ImageReference image) {
    String registry = ImageReference.DOCKER_HUB.equals(image.registry()) ? DOCKER_HUB_REGISTRY
        : image.registry();
    return registry + "/" + image.repository();
  }

  /** The payload bytes exactly as cosign writes them. */
  public byte[] toJson() {
    StringBuilder out = new StringBuilder(300);
    out.append("{\"critical\":{\"identity\":{\"docker-reference\":");
    GoJson.string(out, dockerReference);
    out.append("},\"image\":{\"docker-manifest-digest\":");
    GoJson.string(out, manifestDigest.toString());
    out.append("},\"type\":");
    GoJson.string(out, TYPE);
    out.append("},\"optional\":");
    GoJson.value(out, optional.isEmpty() ? null : optional);
    return GoJson.bytes(out.append('}'));
  }

  /** Whether the payload names this manifest digest. */
  public boolean isFor(Digest digest) {
    return manifestDigest.equals(digest);
  }

  /**
   * Reads a payload. Field names match case-insensitively when there is no exact match, as Go's
   * {@code json.Unmarshal} (and therefore cosign) matches them; {@code critical.type} must be
   * {@value #TYPE}.
   *
   * @throws InvalidSignedDocumentException naming what is missing or broken
   */
  public static SimpleSigningPayload parse(byte[] json) {
    JsonNode root;
    try {
      root = StrictJson.object(json, DOCUMENT);
    } catch (IllegalArgumentException e) {
      throw invalid(e.getMessage(), json);
    }
    JsonNode critical = field(root, "critical");
    if (!critical.isObject()) {
      throw invalid("\"critical\" must be an object", json);
    }
    JsonNode type = field(critical, "type");
    if (!type.isString() || !TYPE.equals(type.stringValue())) {
      throw invalid("critical.type must be \"" + TYPE + "\"", json);
    }
    JsonNode reference = field(field(critical, "identity"), "docker-reference");
    if (!reference.isString()) {
      throw invalid("critical.identity.docker-reference must be a string", json);
    }
    JsonNode digestNode = field(field(critical, "image"), "docker-manifest-digest");
    if (!digestNode.isString()) {
      throw invalid("critical.image.docker-manifest-digest must be a string", json);
    }
    Digest digest;
    try {
      digest = Digest.parse(digestNode.stringValue());
    } catch (IllegalArgumentException e) {
      throw invalid("critical.image.docker-manifest-digest: " + e.getMessage(), json);
    }
    JsonNode optionalNode = field(root, "optional");
    Map<String, Object> optional = Map.of();
    if (optionalNode.isObject()) {
      @SuppressWarnings("unchecked")
      Map<String, Object> map = (Map<String, Object>) toJava(optionalNode);
      optional = map;
    } else if (!optionalNode.isMissingNode() && !optionalNode.isNull()) {
      throw invalid("\"optional\" must be an object or null", json);
    }
    return new SimpleSigningPayload(reference.stringValue(), digest, optional);
  }

  private static JsonNode field(JsonNode node, String name) {
    JsonNode exact = node.path(name);
    if (!exact.isMissingNode() || !node.isObject()) {
      return exact;
    }
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      if (entry.getKey().equalsIgnoreCase(name)) {
        return entry.getValue();
      }
    }
    return exact;
  }

  private static Object toJava(JsonNode node) {
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      node.properties().forEach(entry -> map.put(entry.getKey(), toJava(entry.getValue())));
      return map;
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>();
      node.values().forEach(item -> list.add(toJava(item)));
      return list;
    }
    if (node.isString()) {
      return node.stringValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isIntegralNumber()) {
      return node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue();
    }
    if (node.isNumber()) {
      return node.decimalValue();
    }
    return null;
  }

  private static InvalidSignedDocumentException invalid(String rule, byte[] json) {
    return new InvalidSignedDocumentException(DOCUMENT, rule, json, EXAMPLE);
  }
}

package dev.scangate.signing;

import dev.scangate.image.Digest;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A subject of an in-toto statement
 * (https://github.com/in-toto/attestation/blob/main/spec/v1/resource_descriptor.md): a name and
 * a digest set ({@code {"sha256":"<hex>"}}). For an image, cosign uses the repository as name
 * and the manifest digest.
 *
 * <pre>{@code
 * InTotoSubject s = InTotoSubject.of("127.0.0.1:5000/app", Digest.parse("sha256:7afc…"));
 * s.matches(image.digest());   // true
 * }</pre>
 *
 * @param digest algorithm name → lowercase hex, kept sorted by algorithm
 */
public record InTotoSubject(String name, Map<String, String> digest) {

  public InTotoSubject {
    Objects.requireNonNull(name, "name");
    if (digest == null || digest.isEmpty()) {
      throw new IllegalArgumentException("an in-toto subject needs at least one digest");
    }
    TreeMap<String, String> sorted = new TreeMap<>(GoJson::compareUtf8);
    sorted.putAll(digest);
    digest = Collections.unmodifiableMap(sorted);
  }

  /** A subject for an image manifest digest. */
  public static InTotoSubject of(String name, Digest digest) {
    return new InTotoSubject(name, Map.of(digest.algorithm(), digest.hex()));
  }

  /** Whether the digest set holds this digest. */
  public boolean matches(Digest other) {
    String hex = digest.get(other.algorithm());
    return hex != null && hex.equalsIgnoreCase(other.hex());
  }
}

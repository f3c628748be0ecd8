package dev.scangate.attestations;

import dev.scangate.image.Digest;
import dev.scangate.image.ImageReference;
import dev.scangate.image.InvalidReferenceException;
import dev.scangate.platform.ApiException;
import dev.scangate.platform.ProblemType;
import dev.scangate.registry.ManifestNotFoundException;
import dev.scangate.registry.RegistryAccessPolicy;
import dev.scangate.registry.RegistryClient;
import dev.scangate.registry.RegistryException;
import dev.scangate.registry.RegistryNotAllowedException;
import dev.scangate.signing.CosignKeyException;
import dev.scangate.signing.CosignReferrers;
import dev.scangate.signing.CosignStorage;
import dev.scangate.signing.LayerVerification;
import dev.scangate.signing.SignatureVerifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * Checks an image's signatures and attestations in its registry against a key, as
 * {@code cosign verify} and {@code cosign verify-attestation} would: reads the {@code .sig} and
 * {@code .att} tags and reports every layer. Bad input is answered with a problem naming it.
 */
@Service
class ImageVerification {

  private final SigningKeys keys;
  private final CosignStorage storage;
  private final CosignReferrers referrers;
  private final RegistryClient registry;
  private final RegistryAccessPolicy access;

  ImageVerification(SigningKeys keys, CosignStorage storage, CosignReferrers referrers,
      RegistryClient registry, RegistryAccessPolicy access) {
    this.keys = keys;
    this.storage = storage;
    this.referrers = referrers;
    this.registry = registry;
    this.access = access;
  }

  VerifyResult verify(VerifyRequest request) {
    SignatureVerifier verifier = verifier(request);
    ImageReference image = pinned(request.image());
    List<VerifyResult.Layer> signatures = new ArrayList<>();
    List<VerifyResult.Layer> attestations = new ArrayList<>();
    try {
      storage.verifySignatures(image, verifier)
          .forEach(v -> signatures.add(VerifyResult.Layer.of(VerifyResult.Layer.TAG, v)));
      referrers.verifySignatures(image, verifier)
          .forEach(v -> signatures.add(VerifyResult.Layer.of(VerifyResult.Layer.REFERRERS, v)));
      storage.verifyAttestations(image, verifier)
          .forEach(v -> attestations.add(VerifyResult.Layer.of(VerifyResult.Layer.TAG, v)));
      referrers.verifyAttestations(image, verifier).forEach(v -> attestations.add(
          VerifyResult.Layer.of(VerifyResult.Layer.REFERRERS, v)));
    } catch (RegistryException e) {
      throw registryError(request.image(), e);
    }
    String verifiedStatus = LayerVerification.Status.VERIFIED.name();
    boolean verified = signatures.stream().anyMatch(l -> l.status().equals(verifiedStatus))
        || attestations.stream().anyMatch(l -> l.status().equals(verifiedStatus));
    return new VerifyResult(image.toString(), image.digest().toString(), verifier.keyId(),
        verified, signatures, attestations);
  }

  private SignatureVerifier verifier(VerifyRequest request) {
    boolean byId = request.keyId() != null && !request.keyId().isBlank();
    boolean byPem = request.publicKey() != null && !request.publicKey().isBlank();
    if (byId == byPem) {
      throw new ApiException(ProblemType.VALIDATION_FAILED, "give exactly one of keyId (a key of"
          + " GET /api/v1/keys) or publicKey (a PUBLIC KEY PEM)",
          Map.of("fields", java.util.List.of("keyId", "publicKey")));
    }
    if (byId) {
      return keys.verifier(request.keyId()).orElseThrow(() -> new ApiException(
          ProblemType.UNKNOWN_KEY, "keyId: no signing key with id \"" + request.keyId()
              + "\"; GET /api/v1/keys lists them",
          Map.of("input", request.keyId(), "field", "keyId")));
    }
    try {
      return SignatureVerifier.fromPem(request.publicKey());
    } catch (CosignKeyException e) {
      throw new ApiException(ProblemType.INVALID_PUBLIC_KEY, "publicKey: " + e.getMessage()
          + "; expected an ECDSA P-256 \"-----BEGIN PUBLIC KEY-----\" PEM such as cosign.pub",
          Map.of("field", "publicKey", "reason", e.reason().name()));
    }
  }

  /** The image pinned to its digest: as given, or its tag resolved now. */
  private ImageReference pinned(String input) {
    ImageReference reference;
    try {
      reference = ImageReference.parse(input);
    } catch (InvalidReferenceException e) {
      throw new ApiException(ProblemType.INVALID_REFERENCE, "image: " + e.getMessage(),
          Map.of("input", input, "field", "image"));
    }
    try {
      access.checkAllowed(reference);
    } catch (RegistryNotAllowedException e) {
      throw new ApiException(ProblemType.REGISTRY_NOT_ALLOWED, "image: " + e.getMessage(),
          Map.of("input", input, "registry", reference.registry()));
    }
    if (reference.digest() != null && !"sha256".equals(reference.digest().algorithm())) {
      throw new ApiException(ProblemType.INVALID_REFERENCE, "image: cosign's signature tags"
          + " exist for sha256 digests only, got " + reference.digest(),
          Map.of("input", input, "field", "image"));
    }
    if (reference.digest() != null) {
      return reference;
    }
    Digest digest;
    try {
      digest = registry.resolve(reference);
    } catch (RegistryException e) {
      throw registryError(input, e);
    }
    return reference.withDigest(digest);
  }

  private static ApiException registryError(String input, RegistryException e) {
    if (e instanceof ManifestNotFoundException) {
      return new ApiException(ProblemType.IMAGE_NOT_FOUND, "image: \"" + input
          + "\" cannot be resolved: " + e.getMessage(), Map.of("input", input, "field", "image"));
    }
    if (e instanceof RegistryNotAllowedException) {
      return new ApiException(ProblemType.REGISTRY_NOT_ALLOWED, "image: " + e.getMessage(),
          Map.of("input", input));
    }
    return new ApiException(ProblemType.REGISTRY_ERROR, "image \"" + input + "\": "
        + e.getMessage(), Map.of("input", input));
  }
}

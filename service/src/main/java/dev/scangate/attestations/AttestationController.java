package dev.scangate.attestations;

import dev.scangate.image.Digest;
import dev.scangate.image.InvalidReferenceException;
import dev.scangate.platform.ApiException;
import dev.scangate.platform.Authority;
import dev.scangate.platform.ProblemType;
import dev.scangate.platform.RequiresAuthority;
import dev.scangate.signing.CosignStorage;
import dev.scangate.signing.DsseEnvelope;
import dev.scangate.signing.SigstoreBundle;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The attestations scangate made for an image, as DSSE envelopes or Sigstore bundles. */
@RestController
class AttestationController {

  private final Attestations attestations;

  AttestationController(Attestations attestations) {
    this.attestations = attestations;
  }

  @RequiresAuthority(Authority.READ)
  @GetMapping("/api/v1/images/{digest}/attestations")
  List<AttestationView> list(@PathVariable String digest) {
    return attestations.ofImage(digest(digest).toString());
  }

  /**
   * One attestation: {@code format=dsse} (default) the DSSE envelope as pushed to the
   * {@code .att} tag; {@code format=bundle} a Sigstore bundle v0.3 carrying it, with the key id
   * as {@code verificationMaterial.publicKey.hint}.
   */
  @RequiresAuthority(Authority.READ)
  @GetMapping("/api/v1/images/{digest}/attestations/{id}")
  ResponseEntity<byte[]> get(@PathVariable String digest, @PathVariable UUID id,
      @RequestParam(required = false) String format) {
    Digest parsed = digest(digest);
    String chosen = format == null || format.isBlank() ? "dsse" : format;
    if (!chosen.equals("dsse") && !chosen.equals("bundle")) {
      throw new ApiException(ProblemType.VALIDATION_FAILED, "format \"" + format
          + "\" is not one of dsse, bundle", Map.of("input", format, "field", "format"));
    }
    StoredAttestation row = attestations.attestation(parsed.toString(), id).orElseThrow(
        () -> new ApiException(ProblemType.NOT_FOUND, "image " + parsed
            + " has no attestation " + id));
    if (chosen.equals("dsse")) {
      return ResponseEntity.ok().header("Content-Type", CosignStorage.DSSE_MEDIA_TYPE)
          .header("Content-Disposition", "attachment; filename=\"" + id + ".dsse.json\"")
          .body(row.envelope());
    }
    byte[] bundle = new SigstoreBundle(DsseEnvelope.parse(row.envelope()), row.keyId()).toJson();
    return ResponseEntity.ok().header("Content-Type", SigstoreBundle.MEDIA_TYPE)
        .header("Content-Disposition", "attachment; filename=\"" + id + ".sigstore.json\"")
        .body(bundle);
  }

  private static Digest digest(String input) {
    try {
      return Digest.parse(input);
    } catch (InvalidReferenceException e) {
      throw new ApiException(ProblemType.INVALID_DIGEST, e.getMessage(), Map.of("input", input));
    }
  }
}

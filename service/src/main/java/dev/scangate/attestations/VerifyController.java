package dev.scangate.attestations;

import dev.scangate.platform.Authority;
import dev.scangate.platform.RequiresAuthority;
import jakarta.validation.Valid;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Checks an image's cosign signatures and attestations in its registry against a key. */
@RestController
class VerifyController {

  private final ImageVerification verification;

  VerifyController(ImageVerification verification) {
    this.verification = verification;
  }

  @RequiresAuthority(Authority.READ)
  @PostMapping("/api/v1/verify")
  VerifyResult verify(@Valid @RequestBody VerifyRequest request) {
    return verification.verify(request);
  }
}

package dev.scangate.attestations;

import dev.scangate.platform.Page;
import dev.scangate.platform.Authority;
import dev.scangate.platform.RequiresAuthority;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Signing keys: list, export the public key, generate, activate (rotation). */
@RestController
@RequestMapping("/api/v1/keys")
class KeyController {

  /** The media type commonly used for PEM files (RFC 7468 text, not IANA-registered). */
  static final String PEM = "application/x-pem-file";

  private final SigningKeys keys;

  KeyController(SigningKeys keys) {
    this.keys = keys;
  }

  /** The keys, active first, then newest first; paged like every list. */
  @RequiresAuthority(Authority.READ)
  @GetMapping
  Page<KeyView> list(@RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "20") int size) {
    Page.validate(page, size);
    return keys.page(page, size);
  }

  @RequiresAuthority(Authority.READ)
  @GetMapping("/{id}")
  KeyView get(@PathVariable String id) {
    return keys.find(id).orElseThrow(() -> SigningKeys.notFound(id));
  }

  /** The public key as {@code cosign.pub}, for {@code cosign verify --key cosign.pub}. */
  @RequiresAuthority(Authority.READ)
  @GetMapping("/{id}/cosign.pub")
  ResponseEntity<String> publicKey(@PathVariable String id) {
    String pem = keys.publicKeyPem(id).orElseThrow(() -> SigningKeys.notFound(id));
    return ResponseEntity.ok().header("Content-Type", PEM)
        .header("Content-Disposition", "attachment; filename=\"cosign.pub\"").body(pem);
  }

  /** Generates a new key, not yet active; activate it to rotate. */
  @RequiresAuthority(Authority.ADMIN)
  @PostMapping
  ResponseEntity<KeyView> generate() {
    KeyView key = keys.generate();
    return ResponseEntity.status(HttpStatus.CREATED)
        .header("Location", "/api/v1/keys/" + key.id()).body(key);
  }

  /** Makes the key active: new signatures use it; every key keeps verifying. */
  @RequiresAuthority(Authority.ADMIN)
  @PostMapping("/{id}/activate")
  KeyView activate(@PathVariable String id) {
    return keys.activate(id);
  }
}

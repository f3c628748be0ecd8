package dev.scangate.vex;

import dev.scangate.platform.Authority;
import dev.scangate.platform.RequiresAuthority;
import dev.scangate.image.Digest;
import dev.scangate.image.InvalidReferenceException;
import dev.scangate.platform.Actors;
import dev.scangate.platform.ApiException;
import dev.scangate.platform.ProblemType;
import java.security.Principal;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.node.ObjectNode;

@RestController
class VexController {

  private final VexService vex;

  VexController(VexService vex) {
    this.vex = vex;
  }

  /** The waivers applying to the image as OpenVEX (default) or CycloneDX VEX. */
  @RequiresAuthority(Authority.READ)
  @GetMapping("/api/v1/images/{digest}/vex")
  ResponseEntity<ObjectNode> export(@PathVariable String digest,
      @RequestParam(defaultValue = "openvex") String format,
      @RequestParam(required = false) String environment) {
    try {
      Digest.parse(digest);
    } catch (InvalidReferenceException e) {
      throw new ApiException(ProblemType.INVALID_DIGEST, e.getMessage(), Map.of("input", digest));
    }
    return switch (format) {
      case "openvex" -> ResponseEntity.ok().contentType(MediaType.parseMediaType(
          "application/openvex+json")).body(vex.openVex(digest, environment));
      case "cyclonedx" -> ResponseEntity.ok().contentType(MediaType.parseMediaType(
          "application/vnd.cyclonedx+json")).body(vex.cycloneDx(digest, environment));
      default -> throw new ApiException(ProblemType.VALIDATION_FAILED, "format: \"" + format
          + "\" is not one of openvex, cyclonedx", Map.of("field", "format"));
    };
  }

  /** Imports the not_affected statements of an OpenVEX or CycloneDX VEX document as waivers. */
  @RequiresAuthority(Authority.POLICY_ADMIN)
  @PostMapping("/api/v1/vex")
  ResponseEntity<VexService.Imported> importDocument(@RequestBody(required = false) byte[] body,
      @RequestParam(required = false) String owner,
      @RequestParam(required = false) String expiresAt,
      @RequestParam(required = false) String environment,
      @RequestParam(required = false) String repository, Principal principal) {
    return ResponseEntity.status(HttpStatus.CREATED).body(vex.importDocument(body, owner,
        expiresAt, environment, repository, Actors.of(principal)));
  }
}

package dev.scangate.promotions;

import dev.scangate.platform.Authority;
import dev.scangate.platform.RequiresAuthority;
import dev.scangate.platform.Actors;
import dev.scangate.platform.ApiException;
import dev.scangate.platform.ProblemType;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/promotions")
class PromotionController {

  private final PromotionService promotions;

  PromotionController(PromotionService promotions) {
    this.promotions = promotions;
  }

  @RequiresAuthority(Authority.PROMOTE)
  @PostMapping
  ResponseEntity<PromotionService.Promoted> promote(
      @RequestBody(required = false) PromotionRequest request, Principal principal) {
    if (request == null) {
      throw new ApiException(ProblemType.MALFORMED_REQUEST,
          "the body must be {\"image\": …, \"environment\": …}");
    }
    if (request.image() == null || request.image().isBlank()) {
      throw new ApiException(ProblemType.VALIDATION_FAILED, "image: is required (a digest"
          + " reference, or a tag to resolve)", Map.of("field", "image"));
    }
    return ResponseEntity.status(HttpStatus.CREATED).body(promotions.promote(request.image(),
        request.environment(), Actors.of(principal)));
  }

  @RequiresAuthority(Authority.READ)
  @GetMapping
  List<PromotionView> list(@RequestParam(required = false) String environment,
      @RequestParam(required = false) String image,
      @RequestParam(required = false) String status) {
    return promotions.list(environment, image, status);
  }

  @RequiresAuthority(Authority.READ)
  @GetMapping("/{id}")
  PromotionView get(@PathVariable UUID id) {
    return promotions.find(id).orElseThrow(() -> new ApiException(ProblemType.NOT_FOUND,
        "no promotion with id " + id));
  }
}

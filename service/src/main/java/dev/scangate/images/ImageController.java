package dev.scangate.images;

import dev.scangate.image.Digest;
import dev.scangate.image.InvalidReferenceException;
import dev.scangate.platform.ApiException;
import dev.scangate.platform.Authority;
import dev.scangate.platform.Page;
import dev.scangate.platform.ProblemType;
import dev.scangate.platform.RequiresAuthority;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/images")
class ImageController {

  private final ImageService images;

  ImageController(ImageService images) {
    this.images = images;
  }

  @RequiresAuthority(Authority.READ)
  @GetMapping
  Page<ImageSummary> list(@RequestParam(required = false) String query,
      @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
    return images.list(query, page, size);
  }

  @RequiresAuthority(Authority.READ)
  @GetMapping("/{digest}")
  ImageDetail get(@PathVariable String digest) {
    try {
      Digest.parse(digest);
    } catch (InvalidReferenceException e) {
      throw new ApiException(ProblemType.INVALID_DIGEST, e.getMessage(), Map.of("input", digest));
    }
    return images.find(digest).orElseThrow(() -> new ApiException(ProblemType.NOT_FOUND,
        "no image with digest " + digest + " has been recorded"));
  }
}

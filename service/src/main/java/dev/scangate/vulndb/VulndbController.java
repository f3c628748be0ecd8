package dev.scangate.vulndb;

import dev.scangate.platform.Authority;
import dev.scangate.platform.RequiresAuthority;
import dev.scangate.platform.ApiException;
import dev.scangate.platform.ProblemType;
import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@RestController
@RequestMapping("/api/v1/vulndb")
class VulndbController {

  private final VulndbImports imports;

  VulndbController(VulndbImports imports) {
    this.imports = imports;
  }

  /** The JSON form of an import request. */
  record UrlImport(String url) {
  }

  /** Imports an OSV zip from an allowed URL: 202 with the queued import. */
  @RequiresAuthority(Authority.SCAN)
  @PostMapping(path = "/imports", consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<ImportView> importUrl(@RequestBody UrlImport request) {
    return accepted(imports.submitUrl(request == null ? null : request.url()));
  }

  /** Imports an uploaded OSV zip or JSON record (multipart field {@code file}). */
  @RequiresAuthority(Authority.SCAN)
  @PostMapping(path = "/imports", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  ResponseEntity<ImportView> importUpload(@RequestParam("file") MultipartFile file)
      throws IOException {
    return accepted(imports.submitUpload(file.getOriginalFilename(), file.getBytes()));
  }

  @RequiresAuthority(Authority.READ)
  @GetMapping("/imports/{id}")
  ImportView get(@PathVariable UUID id) {
    return imports.find(id).orElseThrow(() -> new ApiException(ProblemType.NOT_FOUND,
        "no vulnerability database import with id " + id, Map.of("input", id.toString())));
  }

  @RequiresAuthority(Authority.READ)
  @GetMapping
  VulndbImports.Overview overview() {
    return imports.overview();
  }

  private static ResponseEntity<ImportView> accepted(ImportView view) {
    return ResponseEntity.status(HttpStatus.ACCEPTED)
        .header("Location", "/api/v1/vulndb/imports/" + view.id()).body(view);
  }
}

package dev.scangate.findings;

import dev.scangate.platform.Authority;
import dev.scangate.platform.RequiresAuthority;
import dev.scangate.platform.ApiException;
import dev.scangate.platform.Page;
import dev.scangate.platform.ProblemType;
import dev.scangate.scans.ScanService;
import java.util.Map;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class FindingsController {

  private final FindingsService findings;
  private final Vulnerabilities vulnerabilities;
  private final ScanService scans;

  FindingsController(FindingsService findings, Vulnerabilities vulnerabilities,
      ScanService scans) {
    this.findings = findings;
    this.vulnerabilities = vulnerabilities;
    this.scans = scans;
  }

  /** A scan's merged findings, worst first, filtered and paged. */
  @RequiresAuthority(Authority.READ)
  @GetMapping("/api/v1/scans/{id}/findings")
  Page<FindingView> findings(@PathVariable UUID id,
      @RequestParam(required = false) String severity,
      @RequestParam(required = false) String fixable,
      @RequestParam(required = false) String scanner,
      @RequestParam(name = "package", required = false) String pkg,
      @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
    FindingsService.Filter filter = findings.filter(severity, fixable, scanner, pkg);
    scans.find(id).orElseThrow(() -> new ApiException(ProblemType.NOT_FOUND,
        "no scan with id " + id, Map.of("input", id.toString())));
    return findings.findings(id, filter, page, size);
  }

  /** A vulnerability by any of its ids: the advisory and the images it affects. */
  @RequiresAuthority(Authority.READ)
  @GetMapping("/api/v1/vulnerabilities/{id}")
  Vulnerabilities.VulnerabilityView vulnerability(@PathVariable String id) {
    return vulnerabilities.find(id).orElseThrow(() -> new ApiException(ProblemType.NOT_FOUND,
        "no advisory and no finding with vulnerability id \"" + id + "\"",
        Map.of("input", id)));
  }
}

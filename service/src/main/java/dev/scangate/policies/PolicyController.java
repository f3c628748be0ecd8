package dev.scangate.policies;

import dev.scangate.platform.Authority;
import dev.scangate.platform.RequiresAuthority;
import dev.scangate.platform.Actors;
import dev.scangate.platform.ApiException;
import java.security.Principal;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@RestController
@RequestMapping("/api/v1/policies")
class PolicyController {

  private final PolicyService policies;

  PolicyController(PolicyService policies) {
    this.policies = policies;
  }

  @RequiresAuthority(Authority.READ)
  @GetMapping
  List<PolicyView> list() {
    return policies.list();
  }

  @RequiresAuthority(Authority.POLICY_ADMIN)
  @PostMapping
  ResponseEntity<PolicyVersionView> create(@RequestBody JsonNode body, Principal principal) {
    StoredPolicyVersion created = policies.create(body, Actors.of(principal));
    return ResponseEntity.status(HttpStatus.CREATED).body(PolicyVersionView.of(created));
  }

  @RequiresAuthority(Authority.READ)
  @GetMapping("/{id}")
  PolicyView get(@PathVariable UUID id) {
    return policies.find(id).orElseThrow(() -> PolicyService.notFound(id));
  }

  @RequiresAuthority(Authority.READ)
  @GetMapping("/{id}/versions")
  List<PolicyVersionView> versions(@PathVariable UUID id) {
    requireExists(id);
    return policies.versions(id).stream().map(PolicyVersionView::of).toList();
  }

  @RequiresAuthority(Authority.READ)
  @GetMapping("/{id}/versions/{version}")
  PolicyVersionView version(@PathVariable UUID id, @PathVariable int version) {
    return policies.version(id, version).map(PolicyVersionView::of)
        .orElseThrow(() -> new ApiException(dev.scangate.platform.ProblemType.NOT_FOUND,
            "policy " + id + " has no version " + version));
  }

  @RequiresAuthority(Authority.POLICY_ADMIN)
  @PostMapping("/{id}/versions")
  ResponseEntity<PolicyVersionView> addVersion(@PathVariable UUID id, @RequestBody JsonNode body,
      Principal principal) {
    StoredPolicyVersion created = policies.addVersion(id, body, Actors.of(principal));
    return ResponseEntity.status(HttpStatus.CREATED).body(PolicyVersionView.of(created));
  }

  private void requireExists(UUID id) {
    if (policies.find(id).isEmpty()) {
      throw PolicyService.notFound(id);
    }
  }
}

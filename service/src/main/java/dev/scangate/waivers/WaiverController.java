package dev.scangate.waivers;

import dev.scangate.platform.Authority;
import dev.scangate.platform.RequiresAuthority;
import dev.scangate.platform.Actors;
import dev.scangate.platform.Page;
import java.security.Principal;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/waivers")
class WaiverController {

  private final WaiverService waivers;

  WaiverController(WaiverService waivers) {
    this.waivers = waivers;
  }

  @RequiresAuthority(Authority.POLICY_ADMIN)
  @PostMapping
  ResponseEntity<WaiverView> create(@RequestBody(required = false) WaiverRequest request,
      Principal principal) {
    WaiverService.Draft draft = waivers.validate(request, WaiverService.Source.API, null);
    List<WaiverView> created = waivers.create(List.of(draft), Actors.of(principal));
    return ResponseEntity.status(HttpStatus.CREATED).body(created.get(0));
  }

  @RequiresAuthority(Authority.READ)
  @GetMapping
  Page<WaiverView> list(@RequestParam(required = false) String vulnerability,
      @RequestParam(required = false) String status,
      @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
    return waivers.list(vulnerability, status, page, size);
  }

  @RequiresAuthority(Authority.READ)
  @GetMapping("/{id}")
  WaiverView get(@PathVariable UUID id) {
    return waivers.find(id).orElseThrow(() -> WaiverService.notFound(id));
  }

  /** Revokes (the waiver is kept, marked revoked, with who and why). */
  @RequiresAuthority(Authority.POLICY_ADMIN)
  @DeleteMapping("/{id}")
  WaiverView revoke(@PathVariable UUID id, @RequestParam(required = false) String reason,
      Principal principal) {
    return waivers.revoke(id, reason, Actors.of(principal));
  }

  @RequiresAuthority(Authority.POLICY_ADMIN)
  @PostMapping("/{id}/approvals")
  ResponseEntity<WaiverView> approve(@PathVariable UUID id, Principal principal) {
    return ResponseEntity.status(HttpStatus.CREATED).body(waivers.approve(id,
        Actors.of(principal)));
  }
}

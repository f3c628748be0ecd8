package dev.scangate.environments;

import dev.scangate.platform.ApiException;
import dev.scangate.platform.Authority;
import dev.scangate.platform.ProblemType;
import dev.scangate.platform.RequiresAuthority;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/environments")
class EnvironmentController {

  private final EnvironmentService environments;

  EnvironmentController(EnvironmentService environments) {
    this.environments = environments;
  }

  @RequiresAuthority(Authority.READ)
  @GetMapping
  List<EnvironmentView> list() {
    List<Environment> all = environments.list();
    List<EnvironmentView> views = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      views.add(EnvironmentView.of(all.get(i), i == 0 ? null : all.get(i - 1).name()));
    }
    return views;
  }

  @RequiresAuthority(Authority.READ)
  @GetMapping("/{name}")
  EnvironmentView get(@PathVariable String name) {
    // Reading a resource that is not there is a 404; naming an unknown environment in a
    // request body (a promotion, a waiver) stays a 400.
    return view(environments.find(name).orElseThrow(() -> new ApiException(
        ProblemType.NOT_FOUND, "environment \"" + name + "\" does not exist; environments are "
            + String.join(", ", environments.list().stream().map(Environment::name).toList()))));
  }

  @RequiresAuthority(Authority.POLICY_ADMIN)
  @PostMapping
  ResponseEntity<EnvironmentView> create(@RequestBody EnvironmentRequest request) {
    return ResponseEntity.status(HttpStatus.CREATED).body(view(environments.create(request)));
  }

  @RequiresAuthority(Authority.POLICY_ADMIN)
  @PutMapping("/{name}")
  EnvironmentView update(@PathVariable String name, @RequestBody EnvironmentRequest request) {
    return view(environments.update(name, request));
  }

  private EnvironmentView view(Environment e) {
    return EnvironmentView.of(e, environments.previous(e).map(Environment::name).orElse(null));
  }
}

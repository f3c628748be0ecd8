package dev.scangate.security;

import dev.scangate.platform.Authority;
import dev.scangate.platform.Page;
import dev.scangate.platform.RequiresAuthority;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Local dashboard accounts: create, list, change role, disable, set password. */
@RestController
@RequestMapping("/api/v1/users")
class UserController {

  private final Users users;

  UserController(Users users) {
    this.users = users;
  }

  record CreateRequest(String username, String password, String role) {
    @Override
    public String toString() {
      return "CreateRequest[" + username + ", " + role + "]";
    }
  }

  /** Fields to change; absent ones stay as they are. */
  record UpdateRequest(String role, Boolean disabled, String password) {
    @Override
    public String toString() {
      return "UpdateRequest[" + role + ", " + disabled + "]";
    }
  }

  @RequiresAuthority(Authority.ADMIN)
  @PostMapping
  ResponseEntity<UserView> create(@RequestBody CreateRequest request) {
    UserView user = users.create(request.username(), request.password(), request.role());
    return ResponseEntity.status(HttpStatus.CREATED).header("Location", "/api/v1/users/"
        + user.id()).body(user);
  }

  @RequiresAuthority(Authority.ADMIN)
  @GetMapping
  Page<UserView> list(@RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "50") int size) {
    return users.list(page, size);
  }

  @RequiresAuthority(Authority.ADMIN)
  @GetMapping("/{id}")
  UserView get(@PathVariable UUID id) {
    return users.find(id).orElseThrow(() -> Users.notFound(id));
  }

  @RequiresAuthority(Authority.ADMIN)
  @PatchMapping("/{id}")
  UserView update(@PathVariable UUID id, @RequestBody UpdateRequest request) {
    return users.update(id, request.role(), request.disabled(), request.password());
  }
}

package dev.scangate.security;

import dev.scangate.platform.Authority;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** A dashboard user's role and the authorities it grants. */
public enum Role {
  VIEWER("viewer", EnumSet.of(Authority.READ)),
  OPERATOR("operator", EnumSet.of(Authority.READ, Authority.SCAN, Authority.PROMOTE)),
  SECURITY_ADMIN("security-admin", EnumSet.of(Authority.READ, Authority.SCAN, Authority.PROMOTE,
      Authority.POLICY_ADMIN)),
  ADMIN("admin", EnumSet.allOf(Authority.class));

  private final String value;
  private final Set<Authority> authorities;

  Role(String value, Set<Authority> authorities) {
    this.value = value;
    this.authorities = authorities;
  }

  public String value() {
    return value;
  }

  public Set<Authority> authorities() {
    return EnumSet.copyOf(authorities);
  }

  /** Parses a role name; throws {@link IllegalArgumentException} naming the valid ones. */
  public static Role parse(String value) {
    String wanted = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
    for (Role role : values()) {
      if (role.value.equals(wanted)) {
        return role;
      }
    }
    throw new IllegalArgumentException("unknown role \"" + value + "\"; valid roles: "
        + Arrays.stream(values()).map(Role::value).collect(Collectors.joining(", ")));
  }
}

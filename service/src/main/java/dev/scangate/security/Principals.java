package dev.scangate.security;

import dev.scangate.platform.Authority;
import java.io.Serializable;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.security.core.AuthenticatedPrincipal;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** Who is calling, and the authorities that grants. */
final class Principals {

  private Principals() {
  }

  /** How the caller authenticated. */
  enum Kind { TOKEN, USER }

  /**
   * An authenticated API token or local user. {@link #getName()} is the audit actor:
   * {@code token:<name>} or {@code user:<username>}.
   */
  record Caller(Kind kind, UUID id, String name) implements AuthenticatedPrincipal, Serializable {
    @Override
    public String getName() {
      return (kind == Kind.TOKEN ? "token:" : "user:") + name;
    }
  }

  /** Spring Security authorities for a set of scopes; {@code admin} implies all others. */
  static List<GrantedAuthority> granted(Collection<Authority> authorities) {
    Set<Authority> expanded = EnumSet.noneOf(Authority.class);
    expanded.addAll(authorities.contains(Authority.ADMIN) ? EnumSet.allOf(Authority.class)
        : authorities);
    return expanded.stream().<GrantedAuthority>map(a -> new SimpleGrantedAuthority(a.value()))
        .toList();
  }

  static boolean has(Collection<? extends GrantedAuthority> granted, Authority needed) {
    return granted.stream().anyMatch(g -> needed.value().equals(g.getAuthority())
        || Authority.ADMIN.value().equals(g.getAuthority()));
  }
}

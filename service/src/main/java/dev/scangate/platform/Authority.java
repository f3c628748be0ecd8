package dev.scangate.platform;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a caller may do. API tokens carry these as scopes; dashboard roles map to sets of them.
 * {@link #ADMIN} implies every other authority.
 */
public enum Authority {
  /** Read anything: scans, SBOMs, images, attestations, keys, policies, metrics. */
  READ("read"),
  /** Request scans, upload SBOMs, import vulnerability data. */
  SCAN("scan"),
  /** Promote images to environments. */
  PROMOTE("promote"),
  /** Change policies, environments, waivers and VEX statements. */
  POLICY_ADMIN("policy-admin"),
  /** Manage signing keys, tokens, users; read the audit log. */
  ADMIN("admin");

  private final String value;

  Authority(String value) {
    this.value = value;
  }

  /** The scope name used in the API and as the Spring Security authority, e.g. {@code read}. */
  public String value() {
    return value;
  }

  /** Parses a scope name; throws {@link IllegalArgumentException} naming the valid ones. */
  public static Authority parse(String value) {
    String wanted = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
    for (Authority authority : values()) {
      if (authority.value.equals(wanted)) {
        return authority;
      }
    }
    throw new IllegalArgumentException("unknown scope \"" + value + "\"; valid scopes: "
        + names());
  }

  /** The valid scope names, comma-separated. */
  public static String names() {
    return Arrays.stream(values()).map(Authority::value).collect(Collectors.joining(", "));
  }
}

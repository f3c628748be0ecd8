package dev.scangate.registry;

import dev.scangate.image.ImageReference;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which registries scangate may talk to. Image references come from CI systems and webhooks, so a
 * reference must not turn scangate into a proxy to internal services (cloud metadata at
 * 169.254.169.254, the database, the admin port): only allowed registries are contacted, and
 * their addresses (and those of redirect targets and token realms) must be public unless the
 * operator named that exact host.
 *
 * <pre>{@code
 * RegistryAccessPolicy policy = new RegistryAccessPolicy(settings);
 * policy.checkAllowed(ImageReference.parse("evil.example:5000/app"));
 * // RegistryNotAllowedException: registry "evil.example:5000" is not allowed; add it to
 * //   scangate.registries.allowed
 * policy.checkAddresses("registry.example.com", InetAddress.getAllByName("registry.example.com"));
 * }</pre>
 */
public final class RegistryAccessPolicy {

  private final List<HostPattern> allowed;
  private final List<HostPattern> insecure;
  private final List<HostPattern> skipTlsVerify;

  public RegistryAccessPolicy(RegistrySettings settings) {
    this.allowed = settings.allowed().stream().map(HostPattern::new).toList();
    this.insecure = settings.insecure().stream().map(HostPattern::new).toList();
    this.skipTlsVerify = settings.skipTlsVerify().stream().map(HostPattern::new).toList();
  }

  /**
   * @throws RegistryNotAllowedException when the reference's registry matches neither an
   *     {@code allowed} nor an {@code insecure} entry
   */
  public void checkAllowed(ImageReference ref) {
    checkAllowed(ref.registry());
  }

  /** The same check for a registry given as {@code host[:port]}. */
  public void checkAllowed(String registry) {
    String normalized = RegistrySettings.normalizeRegistry(registry);
    if (matchesAny(allowed, normalized) || matchesAny(insecure, normalized)) {
      return;
    }
    throw new RegistryNotAllowedException(registry, "registry \"" + registry
        + "\" is not allowed; add it to scangate.registries.allowed");
  }

  /** Whether the registry is reached over plain HTTP. */
  public boolean isInsecure(String registry) {
    return matchesAny(insecure, RegistrySettings.normalizeRegistry(registry));
  }

  /** Whether the registry's TLS certificate is accepted without verification. */
  public boolean skipsTlsVerify(String registry) {
    return matchesAny(skipTlsVerify, RegistrySettings.normalizeRegistry(registry));
  }

  /** Whether {@code allowed} or {@code insecure} names this registry exactly, without wildcard. */
  public boolean isExplicitlyConfigured(String registry) {
    String normalized = RegistrySettings.normalizeRegistry(registry);
    return allowed.stream().anyMatch(p -> p.isExact(normalized))
        || insecure.stream().anyMatch(p -> p.isExact(normalized));
  }

  /**
   * Refuses addresses that are not on the public internet unless the registry is explicitly
   * configured ({@link #isExplicitlyConfigured}): loopback, link-local, private, unique-local,
   * carrier-grade NAT, unspecified and multicast. Every resolved address is checked, so a name
   * with one public and one private address is refused.
   *
   * @param registry {@code host[:port]} as contacted (a registry, redirect target or token realm)
   * @throws RegistryNotAllowedException naming the address and the rule it broke
   */
  public void checkAddresses(String registry, InetAddress[] resolved) {
    if (isExplicitlyConfigured(registry)) {
      return;
    }
    for (InetAddress address : resolved) {
      String rule = forbiddenRange(address);
      if (rule != null) {
        throw new RegistryNotAllowedException(registry, "registry \"" + registry
            + "\" resolves to " + address.getHostAddress() + ", " + rule
            + "; scangate contacts such addresses only for a registry listed exactly (without"
            + " wildcard) in scangate.registries.allowed or scangate.registries.insecure");
      }
    }
  }

  /** Names the non-public range the address is in, or null for a public address. */
  static String forbiddenRange(InetAddress address) {
    byte[] b = address.getAddress();
    if (address instanceof Inet4Address) {
      int a0 = b[0] & 0xff;
      int a1 = b[1] & 0xff;
      if (a0 == 0) {
        return "an unspecified address (0.0.0.0/8)";
      }
      if (a0 == 127) {
        return "a loopback address (127.0.0.0/8)";
      }
      if (a0 == 169 && a1 == 254) {
        return "a link-local address (169.254.0.0/16)";
      }
      if (a0 == 10) {
        return "a private address (10.0.0.0/8)";
      }
      if (a0 == 172 && (a1 & 0xf0) == 16) {
        return "a private address (172.16.0.0/12)";
      }
      if (a0 == 192 && a1 == 168) {
        return "a private address (192.168.0.0/16)";
      }
      if (a0 == 100 && (a1 & 0xc0) == 64) {
        return "a carrier-grade NAT address (100.64.0.0/10)";
      }
      if (a0 >= 224) {
        return "a multicast or reserved address (224.0.0.0/3)";
      }
      return null;
    }
    if (address instanceof Inet6Address) {
      if (address.isAnyLocalAddress()) {
        return "an unspecified address (::)";
      }
      if (address.isLoopbackAddress()) {
        return "a loopback address (::1)";
      }
      int b0 = b[0] & 0xff;
      int b1 = b[1] & 0xff;
      if (b0 == 0xfe && (b1 & 0xc0) == 0x80) {
        return "a link-local address (fe80::/10)";
      }
      if (b0 == 0xfe && (b1 & 0xc0) == 0xc0) {
        return "a site-local address (fec0::/10)";
      }
      if ((b0 & 0xfe) == 0xfc) {
        return "a unique-local address (fc00::/7)";
      }
      if (b0 == 0xff) {
        return "a multicast address (ff00::/8)";
      }
      if (isEmbeddedIpv4(b)) {
        // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (compatible): judge the IPv4 address inside.
        try {
          return forbiddenRange(InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, 12, 16)));
        } catch (java.net.UnknownHostException e) {
          throw new IllegalStateException(e);
        }
      }
      return null;
    }
    return "an address of unknown family";
  }

  private static boolean isEmbeddedIpv4(byte[] b) {
    for (int i = 0; i < 10; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return (b[10] == 0 && b[11] == 0) || (b[10] == (byte) 0xff && b[11] == (byte) 0xff);
  }

  private static boolean matchesAny(List<HostPattern> patterns, String registry) {
    return patterns.stream().anyMatch(p -> p.matches(registry));
  }

  /** One configured entry; {@code *} matches one or more characters other than {@code :}. */
  private static final class HostPattern {
    private final String entry;
    private final Pattern regex;

    HostPattern(String entry) {
      this.entry = entry;
      StringBuilder regex = new StringBuilder();
      for (String literal : entry.split("\\*", -1)) {
        if (regex.length() > 0) {
          regex.append("[^:]+");
        }
        regex.append(Pattern.quote(literal));
      }
      this.regex = Pattern.compile(regex.toString());
    }

    boolean matches(String registry) {
      return regex.matcher(registry).matches();
    }

    boolean isExact(String registry) {
      return !entry.contains("*") && entry.equals(registry);
    }
  }
}

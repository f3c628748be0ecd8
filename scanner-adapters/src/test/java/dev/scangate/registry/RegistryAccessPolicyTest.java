package dev.scangate.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scangate.image.ImageReference;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RegistryAccessPolicyTest {

  private final RegistryAccessPolicy defaults =
      new RegistryAccessPolicy(RegistrySettings.defaults());

  @ParameterizedTest
  @ValueSource(strings = {"nginx", "docker.io/library/nginx:1", "index.docker.io/bitnami/redis",
      "registry-1.docker.io/library/alpine", "ghcr.io/org/app:1", "quay.io/a/b",
      "gcr.io/distroless/static", "registry.k8s.io/pause:3.9", "public.ecr.aws/x/y",
      "mcr.microsoft.com/dotnet/runtime:8.0"})
  void allowsThePublicRegistriesByDefault(String reference) {
    assertThatCode(() -> defaults.checkAllowed(ImageReference.parse(reference)))
        .doesNotThrowAnyException();
  }

  @Test
  void refusesOtherRegistriesNamingTheSetting() {
    assertThatThrownBy(() -> defaults.checkAllowed(ImageReference.parse("evil.example:5000/app")))
        .isInstanceOf(RegistryNotAllowedException.class)
        .hasMessage("registry \"evil.example:5000\" is not allowed; add it to"
            + " scangate.registries.allowed")
        .satisfies(e -> assertThat(((RegistryException) e).retryable()).isFalse());
  }

  @Test
  void refusesLookalikesOfAllowedRegistries() {
    for (String reference : new String[] {"ghcr.io.evil.example/app", "evilghcr.io/app",
        "ghcr.io:8443/app", "docker.io.evil.example/app"}) {
      assertThatThrownBy(() -> defaults.checkAllowed(ImageReference.parse(reference)))
          .as(reference).isInstanceOf(RegistryNotAllowedException.class);
    }
  }

  @ParameterizedTest(name = "{0} matches {1}: {2}")
  @CsvSource({
      "*.example.com, a.example.com, true",
      "*.example.com, a.b.example.com, true",
      "*.example.com, example.com, false",
      "*.example.com, a.example.com:5000, false",
      "*.example.com:*, a.example.com:5000, true",
      "registry.example.com:5000, registry.example.com:5000, true",
      "registry.example.com:5000, registry.example.com:5001, false",
      "registry.example.com, registry.example.com:5000, false",
      "REGISTRY.Example.com, registry.example.com, true",
      "index.docker.io, docker.io, true",
  })
  void matchesWildcardsAndPorts(String entry, String registry, boolean allowed) {
    RegistryAccessPolicy policy =
        new RegistryAccessPolicy(RegistrySettings.defaults().withAllowed(entry));

    if (allowed) {
      assertThatCode(() -> policy.checkAllowed(registry)).doesNotThrowAnyException();
    } else {
      assertThatThrownBy(() -> policy.checkAllowed(registry))
          .isInstanceOf(RegistryNotAllowedException.class);
    }
  }

  @Test
  void insecureRegistriesAreAllowedAndUsePlainHttp() {
    RegistryAccessPolicy policy = new RegistryAccessPolicy(
        RegistrySettings.defaults().withInsecure("registry.lan:5000"));

    assertThatCode(() -> policy.checkAllowed("registry.lan:5000")).doesNotThrowAnyException();
    assertThat(policy.isInsecure("registry.lan:5000")).isTrue();
    assertThat(policy.isInsecure("ghcr.io")).isFalse();
  }

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
      "127.0.0.1, loopback", "127.255.0.1, loopback", "::1, loopback",
      "169.254.169.254, link-local", "fe80::1, link-local",
      "10.1.2.3, private", "172.16.0.1, private", "172.31.255.255, private",
      "192.168.1.1, private",
      "fc00::1, unique-local", "fd12:3456::1, unique-local",
      "100.64.0.1, carrier-grade NAT", "100.127.255.254, carrier-grade NAT",
      "0.0.0.0, unspecified", ":: , unspecified",
      "::ffff:127.0.0.1, loopback", "::ffff:169.254.169.254, link-local",
      "224.0.0.1, multicast", "ff02::1, multicast",
  })
  void refusesNonPublicAddresses(String address, String rule) throws UnknownHostException {
    InetAddress resolved = InetAddress.getByName(address.strip());

    assertThatThrownBy(() -> defaults.checkAddresses("registry.example.com",
        new InetAddress[] {resolved}))
        .isInstanceOf(RegistryNotAllowedException.class)
        .hasMessageContaining("registry \"registry.example.com\" resolves to ")
        .hasMessageContaining(rule)
        .hasMessageContaining("scangate.registries.allowed");
  }

  @ParameterizedTest
  @ValueSource(strings = {"8.8.8.8", "140.82.112.33", "172.32.0.1", "100.128.0.1",
      "192.169.0.1", "2606:4700::6810:84e5"})
  void acceptsPublicAddresses(String address) throws UnknownHostException {
    InetAddress resolved = InetAddress.getByName(address);

    assertThatCode(() -> defaults.checkAddresses("ghcr.io", new InetAddress[] {resolved}))
        .doesNotThrowAnyException();
  }

  @Test
  void refusesANameWithOnePublicAndOnePrivateAddress() throws UnknownHostException {
    InetAddress[] resolved = {InetAddress.getByName("8.8.8.8"),
        InetAddress.getByName("10.0.0.7")};

    assertThatThrownBy(() -> defaults.checkAddresses("registry.example.com", resolved))
        .hasMessageContaining("10.0.0.7, a private address (10.0.0.0/8)");
  }

  @Test
  void exemptsOnlyExactEntriesNotWildcards() throws UnknownHostException {
    InetAddress[] loopback = {InetAddress.getByName("127.0.0.1")};
    RegistryAccessPolicy policy = new RegistryAccessPolicy(RegistrySettings.defaults()
        .withAllowed("registry.lan:5000", "*.lan:5000", "localhost:*")
        .withInsecure("127.0.0.1:5000"));

    assertThatCode(() -> policy.checkAddresses("registry.lan:5000", loopback))
        .doesNotThrowAnyException();
    assertThatCode(() -> policy.checkAddresses("127.0.0.1:5000", loopback))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> policy.checkAddresses("other.lan:5000", loopback))
        .isInstanceOf(RegistryNotAllowedException.class);
    assertThatThrownBy(() -> policy.checkAddresses("localhost:5000", loopback))
        .isInstanceOf(RegistryNotAllowedException.class)
        .hasMessageContaining("127.0.0.1, a loopback address");
  }
}

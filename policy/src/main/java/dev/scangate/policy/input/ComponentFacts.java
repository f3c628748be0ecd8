package dev.scangate.policy.input;

import java.util.List;
import java.util.Objects;

/**
 * One SBOM component, an element of {@code sbom.components} in CEL.
 *
 * <pre>{@code
 * new ComponentFacts("pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64", "openssl",
 *     "3.0.11-1~deb12u2", "deb", List.of("Apache-2.0"));
 * }</pre>
 *
 * @param licenses licence ids, expressions or names as the SBOM recorded them (SPDX
 *     {@code Apache-2.0}, dpkg's {@code GPL-2+}, rpm's {@code GPLv3+}); empty when unknown
 */
public record ComponentFacts(String purl, String name, String version, String type,
    List<String> licenses) {

  public ComponentFacts {
    purl = purl == null ? "" : purl;
    Objects.requireNonNull(name, "name");
    version = version == null ? "" : version;
    type = type == null ? "" : type;
    licenses = List.copyOf(licenses);
  }
}

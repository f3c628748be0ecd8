package dev.scangate.osv;

/**
 * {@code affected[].package}: which package of which ecosystem.
 *
 * <pre>{@code
 * new OsvPackage("Debian:12", "intel-microcode", "pkg:deb/debian/intel-microcode?arch=source");
 * }</pre>
 *
 * @param ecosystem e.g. {@code Debian:12}, {@code Maven}, {@code Red Hat:enterprise_linux:9::appstream}
 * @param name the name as the ecosystem spells it (Debian: the source package; Maven:
 *     {@code groupId:artifactId}; PyPI: normalized)
 * @param purl the package URL without version; null when absent
 */
public record OsvPackage(String ecosystem, String name, String purl) {

  public OsvPackage {
    if (ecosystem == null || ecosystem.isBlank()) {
      throw new IllegalArgumentException("an affected package needs an ecosystem");
    }
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("an affected package needs a name");
    }
  }
}

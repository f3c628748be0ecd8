package dev.scangate.sbom;

/**
 * A tool that took part in making an SBOM, written to CycloneDX {@code metadata.tools} and SPDX
 * {@code creationInfo.creators}.
 *
 * <pre>{@code
 * SbomTool.parse("syft@1.18.0"); // new SbomTool("syft", "1.18.0")
 * }</pre>
 *
 * @param name e.g. {@code scangate}, {@code syft}
 * @param version its version, never blank
 */
public record SbomTool(String name, String version) {

  public SbomTool {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("tool name is required");
    }
    if (version == null || version.isBlank()) {
      throw new IllegalArgumentException("version of tool " + name + " is required");
    }
  }

  /**
   * Parses {@code name@version} as {@link dev.scangate.catalog.CatalogResult#catalogers()} holds
   * it; a value without {@code @} gets the version {@code unknown}.
   */
  public static SbomTool parse(String value) {
    int at = value.lastIndexOf('@');
    if (at <= 0 || at == value.length() - 1) {
      return new SbomTool(value, "unknown");
    }
    return new SbomTool(value.substring(0, at), value.substring(at + 1));
  }
}

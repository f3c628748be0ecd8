package dev.scangate.sbom;

/**
 * Names of the CycloneDX properties scangate writes on components, in the
 * {@code <namespace>:<field>} style CycloneDX recommends and Syft uses
 * ({@code syft:location:0:path}); see https://cyclonedx.org/docs/1.6/json/#components_items_properties
 * and the namespace registry at https://github.com/CycloneDX/cyclonedx-property-taxonomy.
 */
final class SbomProperties {

  static final String LAYER_DIGEST = "scangate:layer:digest";
  static final String LOCATION_PATH = "scangate:location:path";
  static final String CATALOGER = "scangate:cataloger";
  static final String CONFIDENCE = "scangate:confidence";
  static final String SOURCE_NAME = "scangate:source:name";
  static final String SOURCE_VERSION = "scangate:source:version";
  static final String ARCHITECTURE = "scangate:package:architecture";
  /** Prefix of the cataloger's extra facts: {@code scangate:property:maven.groupId}. */
  static final String PROPERTY_PREFIX = "scangate:property:";
  static final String IMAGE_PLATFORM = "scangate:image:platform";
  static final String IMAGE_MEDIA_TYPE = "scangate:image:mediaType";
  static final String DISTRO_ID_LIKE = "scangate:distro:idLike";
  static final String DISTRO_CODENAME = "scangate:distro:versionCodename";

  // Properties other tools write that carry the same facts.
  static final String SYFT_LAYER = "syft:location:0:layerID";
  static final String SYFT_PATH = "syft:location:0:path";
  static final String SYFT_FOUND_BY = "syft:package:foundBy";
  static final String TRIVY_LAYER = "aquasecurity:trivy:LayerDigest";
  static final String TRIVY_SOURCE_NAME = "aquasecurity:trivy:SrcName";
  static final String TRIVY_SOURCE_VERSION = "aquasecurity:trivy:SrcVersion";
  static final String TRIVY_SOURCE_RELEASE = "aquasecurity:trivy:SrcRelease";
  static final String TRIVY_FILE_PATH = "aquasecurity:trivy:FilePath";

  private SbomProperties() {
  }
}

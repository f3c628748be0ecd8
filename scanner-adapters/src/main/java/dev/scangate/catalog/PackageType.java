package dev.scangate.catalog;

/** The ecosystem a package belongs to; {@link #purlType()} is its package-url type. */
public enum PackageType {
  DEB("deb"), APK("apk"), RPM("rpm"), MAVEN("maven"), NPM("npm"), PYPI("pypi"), GOLANG("golang");

  private final String purlType;

  PackageType(String purlType) {
    this.purlType = purlType;
  }

  public String purlType() {
    return purlType;
  }
}

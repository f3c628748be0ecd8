package dev.scangate.catalog.lang;

import dev.scangate.catalog.CatalogContext;
import dev.scangate.catalog.CatalogedPackage;
import dev.scangate.catalog.Confidence;
import dev.scangate.catalog.FileEntry;
import dev.scangate.catalog.PackageCataloger;
import dev.scangate.catalog.PackageType;
import dev.scangate.catalog.lang.GoBuildInfoReader.RawBuildInfo;
import dev.scangate.catalog.lang.GoModuleInfo.Module;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the Go modules compiled into ELF executables from the build info the Go toolchain embeds
 * (what {@code go version -m} prints): the main module, every dependency, and the standard
 * library as {@code pkg:golang/stdlib@<go version>}, following syft's conventions.
 *
 * <ul>
 *   <li>A main module built from a source tree has the version {@code (devel)}; it is kept as is
 *       and noted ({@code go.develVersion=true}, with {@code go.vcsRevision} when recorded).</li>
 *   <li>A dependency replaced by another module version ({@code =>}) is reported as the
 *       replacement, which is the code in the binary ({@code go.replaces} names the original);
 *       one replaced by a local directory keeps its required version and notes the directory
 *       ({@code go.replacedBy}).</li>
 *   <li>A binary built outside module mode (GOPATH, as Debian builds them) records no modules:
 *       only the standard library is reported.</li>
 * </ul>
 *
 * <p>Only the ELF headers and the build info are read ({@link GoBuildInfoReader}).
 *
 * <pre>{@code
 * new GoBinaryCataloger().catalog(context);
 * // [pkg:golang/example.com/tool@v1.2.3, pkg:golang/example.com/greeting@v1.0.0,
 * //  pkg:golang/stdlib@1.19.8]
 * }</pre>
 */
public final class GoBinaryCataloger implements PackageCataloger {

  private static final String ID = "go-module-binary";
  private static final long MIN_SIZE = 1024;
  private static final String DEVEL = "(devel)";

  @Override
  public String id() {
    return ID;
  }

  /** Executables of at least 1 KiB; whether one is a Go binary needs its content. */
  @Override
  public boolean wants(String path, long size, int mode) {
    return (mode & 0111) != 0 && size >= MIN_SIZE;
  }

  @Override
  public List<CatalogedPackage> catalog(CatalogContext context) throws IOException {
    List<CatalogedPackage> packages = new ArrayList<>();
    for (FileEntry file : context.filesystem().files(path -> true)) {
      if (!wants(file.path(), file.size(), file.mode())) {
        continue;
      }
      Path local = context.filesystem().localPath(file);
      Optional<RawBuildInfo> raw;
      try {
        if (!GoBuildInfoReader.isElf(local) || EvidenceFiles.skipIfTooLarge(context, file)) {
          continue;
        }
        raw = GoBuildInfoReader.read(local);
      } catch (IOException e) {
        context.skipped(file.path(), e.getMessage());
        continue;
      }
      if (raw.isEmpty()) {
        continue;
      }
      GoModuleInfo info;
      try {
        info = GoModuleInfo.parse(raw.get().modInfo());
      } catch (IllegalArgumentException e) {
        context.skipped(file.path(), "malformed Go module info: " + e.getMessage());
        continue;
      }
      packages.addAll(packagesOf(file, raw.get().goVersion(), info));
    }
    return packages;
  }

  private static List<CatalogedPackage> packagesOf(FileEntry file, String goVersion,
      GoModuleInfo info) {
    String architecture = info.settings().get("GOARCH");
    Map<String, String> common = new LinkedHashMap<>();
    common.put("go.version", goVersion);
    if (info.main() != null) {
      common.put("go.mainModule", info.main().path());
    }
    List<CatalogedPackage> packages = new ArrayList<>();
    if (info.main() != null) {
      Map<String, String> properties = new LinkedHashMap<>(common);
      if (DEVEL.equals(info.main().version())) {
        properties.put("go.develVersion", "true");
      }
      String revision = info.settings().get("vcs.revision");
      if (revision != null) {
        properties.put("go.vcsRevision", revision);
      }
      packages.add(module(file, info.main(), architecture, properties));
    }
    for (Module dependency : info.dependencies()) {
      packages.add(module(file, dependency, architecture, new LinkedHashMap<>(common)));
    }
    Map<String, String> stdlib = new LinkedHashMap<>(common);
    if (info.main() == null && info.path() != null) {
      stdlib.put("go.path", info.path());
    }
    packages.add(new CatalogedPackage(PackageType.GOLANG, "stdlib", goVersion,
        PackageUrls.canonical("golang", null, "stdlib", stdlibVersion(goVersion)), null, null,
        architecture, List.of("BSD-3-Clause"), file.layerDigest(), file.path(), ID,
        Confidence.HIGH, stdlib));
    return packages;
  }

  /**
   * {@code go1.22.1} is {@code 1.22.1}, as syft writes the stdlib purl; a toolchain suffix
   * ({@code go1.22.1 X:boringcrypto}) is dropped.
   */
  static String stdlibVersion(String goVersion) {
    String version = goVersion.startsWith("go") ? goVersion.substring(2) : goVersion;
    int space = version.indexOf(' ');
    return space < 0 ? version : version.substring(0, space);
  }

  private static CatalogedPackage module(FileEntry file, Module module, String architecture,
      Map<String, String> properties) {
    Module identity = module;
    Module replacement = module.replacement();
    if (replacement != null) {
      if (replacement.version().isEmpty() || DEVEL.equals(replacement.version())) {
        properties.put("go.replacedBy", replacement.path());
      } else {
        properties.put("go.replaces", module.path() + "@" + module.version());
        identity = replacement;
      }
    }
    if (!identity.sum().isEmpty()) {
      properties.put("go.h1Digest", identity.sum());
    }
    return new CatalogedPackage(PackageType.GOLANG, identity.path(), identity.version(),
        purl(identity.path(), identity.version()), null, null, architecture, List.of(),
        file.layerDigest(), file.path(), ID, Confidence.HIGH, properties);
  }

  /**
   * {@code pkg:golang/<module path up to its last slash>/<last element>@<version>}
   * (https://github.com/package-url/purl-spec/blob/main/types-doc/golang-definition.md); the
   * name field of the package keeps the module path's case, which packageurl-java lowercases in
   * the namespace.
   */
  static String purl(String modulePath, String version) {
    int slash = modulePath.lastIndexOf('/');
    String namespace = slash < 0 ? null : modulePath.substring(0, slash);
    String name = slash < 0 ? modulePath : modulePath.substring(slash + 1);
    return PackageUrls.canonical("golang", namespace, name, version);
  }
}

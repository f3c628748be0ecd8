package dev.scangate.catalog.lang;

import dev.scangate.catalog.CatalogContext;
import dev.scangate.catalog.CatalogedPackage;
import dev.scangate.catalog.Confidence;
import dev.scangate.catalog.FileEntry;
import dev.scangate.catalog.PackageCataloger;
import dev.scangate.catalog.PackageType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Finds npm packages: every installed package's {@code node_modules/<name>/package.json} (and
 * {@code node_modules/@scope/<name>/package.json}), and the packages a {@code package-lock.json}
 * (lockfileVersion 1, 2 or 3) pins for a project directory that has no {@code node_modules}
 * (when it has one, what is installed is the truth). Private packages are included, as syft
 * does.
 *
 * <pre>{@code
 * // /app/node_modules/@babel/core/package.json: {"name": "@babel/core", "version": "7.0.0", ...}
 * new NpmCataloger().catalog(context);
 * // [CatalogedPackage[type=NPM, name=@babel/core, version=7.0.0,
 * //     purl=pkg:npm/%40babel/core@7.0.0, path=/app/node_modules/@babel/core/package.json, ...]]
 * }</pre>
 */
public final class NpmCataloger implements PackageCataloger {

  private static final String ID = "npm";
  private static final String NODE_MODULES = "/node_modules/";
  private static final String PACKAGE_JSON = "/package.json";
  private static final String LOCKFILE = "/package-lock.json";

  private final JsonMapper json = JsonMapper.builder().build();

  @Override
  public String id() {
    return ID;
  }

  @Override
  public boolean wants(String path, long size, int mode) {
    return isInstalledManifest(path) || isLockfile(path);
  }

  /**
   * {@code …/node_modules/<name>/package.json} or
   * {@code …/node_modules/@scope/<name>/package.json}: a package's own manifest, not one of the package.json files some packages carry in their
   * subdirectories.
   */
  static boolean isInstalledManifest(String path) {
    if (!path.endsWith(PACKAGE_JSON)) {
      return false;
    }
    int modules = path.lastIndexOf(NODE_MODULES);
    if (modules < 0) {
      return false;
    }
    int start = modules + NODE_MODULES.length();
    int end = path.length() - PACKAGE_JSON.length();
    if (end <= start) {
      return false;
    }
    int slash = path.indexOf('/', start);
    if (path.charAt(start) == '@') {
      return slash > start + 1 && slash < end && path.indexOf('/', slash + 1) == end;
    }
    return slash == end;
  }

  /** A project's lockfile; lockfiles that packages ship inside node_modules are not. */
  static boolean isLockfile(String path) {
    return path.endsWith(LOCKFILE) && !path.contains(NODE_MODULES);
  }

  @Override
  public List<CatalogedPackage> catalog(CatalogContext context) throws IOException {
    List<CatalogedPackage> packages = new ArrayList<>();
    NavigableSet<String> manifests = new TreeSet<>();
    for (FileEntry file : context.filesystem().files(NpmCataloger::isInstalledManifest)) {
      manifests.add(file.path());
      if (!EvidenceFiles.skipIfTooLarge(context, file)) {
        JsonNode root = parse(context, file);
        if (root != null) {
          installed(context, file, root, packages);
        }
      }
    }
    for (FileEntry file : context.filesystem().files(NpmCataloger::isLockfile)) {
      String modules = file.path().substring(0, file.path().length() - LOCKFILE.length())
          + NODE_MODULES;
      String firstInstalled = manifests.ceiling(modules);
      if (firstInstalled != null && firstInstalled.startsWith(modules)) {
        continue;
      }
      if (!EvidenceFiles.skipIfTooLarge(context, file)) {
        JsonNode root = parse(context, file);
        if (root != null) {
          locked(context, file, root, packages);
        }
      }
    }
    return packages;
  }

  private JsonNode parse(CatalogContext context, FileEntry file) throws IOException {
    JsonNode root;
    try {
      root = json.readTree(EvidenceFiles.read(context, file));
    } catch (JacksonException e) {
      context.skipped(file.path(), "not valid JSON: " + e.getOriginalMessage());
      return null;
    }
    if (root == null || !root.isObject()) {
      context.skipped(file.path(), "not a JSON object");
      return null;
    }
    return root;
  }

  private void installed(CatalogContext context, FileEntry file, JsonNode root,
      List<CatalogedPackage> packages) {
    String name = string(root, "name");
    String version = string(root, "version");
    if (name == null || version == null) {
      context.skipped(file.path(), "package.json has no \"name\" and \"version\" strings");
      return;
    }
    Map<String, String> properties = new LinkedHashMap<>();
    if (root.path("private").asBoolean(false)) {
      properties.put("npm.private", "true");
    }
    add(context, file, name, version, licenses(root), properties, packages);
  }

  private void locked(CatalogContext context, FileEntry file, JsonNode root,
      List<CatalogedPackage> packages) {
    JsonNode lockfileVersion = root.path("lockfileVersion");
    int version = lockfileVersion.isMissingNode() && root.has("dependencies")
        ? 1 : lockfileVersion.asInt(-1);
    List<CatalogedPackage> found = new ArrayList<>();
    if (version == 1) {
      lockedV1(context, file, root.path("dependencies"), found);
    } else if (version == 2 || version == 3) {
      // v2 repeats v1's "dependencies" for old npm; "packages" is the authoritative section
      lockedPackages(context, file, root.path("packages"), found);
    } else {
      context.skipped(file.path(), "unsupported lockfileVersion " + lockfileVersion
          + " (1, 2 and 3 are known)");
      return;
    }
    // a version npm had to place in several directories is one package of the project
    Set<String> seen = new HashSet<>();
    for (CatalogedPackage p : found) {
      if (seen.add(p.purl())) {
        packages.add(p);
      }
    }
  }

  /**
   * lockfileVersion 1 (npm 5 and 6): {@code dependencies} maps names to {@code {version, dev,
   * dependencies}}, nested where npm nests node_modules. An alias records its target as
   * {@code "version": "npm:<name>@<version>"}.
   */
  private void lockedV1(CatalogContext context, FileEntry file, JsonNode dependencies,
      List<CatalogedPackage> found) {
    for (Map.Entry<String, JsonNode> dependency : dependencies.properties()) {
      JsonNode entry = dependency.getValue();
      String name = dependency.getKey();
      String version = string(entry, "version");
      if (version != null && version.startsWith("npm:")) {
        String target = version.substring(4);
        int at = target.lastIndexOf('@');
        if (at > 0) {
          name = target.substring(0, at);
          version = target.substring(at + 1);
        }
      }
      if (version != null) {
        add(context, file, name, version, List.of(), lockProperties(entry), found);
      }
      lockedV1(context, file, entry.path("dependencies"), found);
    }
  }

  /**
   * lockfileVersion 2 and 3 (npm 7 and later): {@code packages} maps install locations
   * ({@code node_modules/a/node_modules/b}) to {@code {version, license, dev, link, name}};
   * {@code ""} is the project itself and links point at workspace sources, neither of which is a
   * dependency.
   */
  private void lockedPackages(CatalogContext context, FileEntry file, JsonNode locations,
      List<CatalogedPackage> found) {
    for (Map.Entry<String, JsonNode> location : locations.properties()) {
      String key = location.getKey();
      JsonNode entry = location.getValue();
      int modules = key.lastIndexOf("node_modules/");
      if (modules < 0 || entry.path("link").asBoolean(false)) {
        continue;
      }
      String name = string(entry, "name");
      if (name == null) {
        name = key.substring(modules + "node_modules/".length());
      }
      String version = string(entry, "version");
      if (version != null && !name.isEmpty()) {
        add(context, file, name, version, licenses(entry), lockProperties(entry), found);
      }
    }
  }

  private static Map<String, String> lockProperties(JsonNode entry) {
    Map<String, String> properties = new LinkedHashMap<>();
    if (entry.path("dev").asBoolean(false)) {
      properties.put("npm.dev", "true");
    }
    return properties;
  }

  private void add(CatalogContext context, FileEntry file, String name, String version,
      List<String> licenses, Map<String, String> properties, List<CatalogedPackage> packages) {
    String namespace = null;
    String simpleName = name;
    if (name.startsWith("@") && name.indexOf('/') > 1) {
      namespace = name.substring(0, name.indexOf('/'));
      simpleName = name.substring(name.indexOf('/') + 1);
    }
    String purl;
    try {
      purl = PackageUrls.canonical("npm", namespace, simpleName, version);
    } catch (IllegalArgumentException e) {
      context.skipped(file.path(), "npm package " + name + "@" + version + ": " + e.getMessage());
      return;
    }
    packages.add(new CatalogedPackage(PackageType.NPM, name, version, purl, null, null, null,
        licenses, file.layerDigest(), file.path(), ID, Confidence.HIGH, properties));
  }

  /**
   * The SPDX expression of {@code license}, or the legacy forms npm still meets in old packages:
   * {@code "license": {"type": "MIT", "url": …}}, {@code "licenses": [{"type": …}, …]} and
   * arrays of strings (https://docs.npmjs.com/cli/v10/configuring-npm/package-json#license).
   */
  static List<String> licenses(JsonNode manifest) {
    List<String> licenses = new ArrayList<>();
    addLicenses(manifest.path("license"), licenses);
    addLicenses(manifest.path("licenses"), licenses);
    return licenses;
  }

  private static void addLicenses(JsonNode node, List<String> licenses) {
    if (node.isString()) {
      String value = node.stringValue().trim();
      if (!value.isEmpty()) {
        licenses.add(value);
      }
    } else if (node.isObject()) {
      addLicenses(node.path("type"), licenses);
    } else if (node.isArray()) {
      for (JsonNode element : node) {
        addLicenses(element, licenses);
      }
    }
  }

  private static String string(JsonNode node, String field) {
    JsonNode value = node.path(field);
    if (!value.isString()) {
      return null;
    }
    String text = value.stringValue().trim();
    return text.isEmpty() ? null : text;
  }
}

package dev.scangate.osv.bench;

import com.github.packageurl.PackageURL;
import dev.scangate.catalog.CatalogedPackage;
import dev.scangate.catalog.Confidence;
import dev.scangate.catalog.PackageType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Synthetic advisories and components for the benchmarks, cloned from the shapes of the real
 * OSV fixture records ({@code src/test/resources/osv/records}): advisory {@code i} is a copy of
 * fixture {@code i % 17} with the id {@code <ID>-S<i>} and every affected package renamed to
 * {@code <name>-s<k>}, {@code k = (i / 17) % names} (Go names that are not module paths, such
 * as {@code stdlib}, become {@code go.example/<name>-s<k>} so that the clones do not all land
 * on the one standard library). Everything else (ranges, versions lists, references, details)
 * is the real record's, so sizes and parsing costs are real ones.
 *
 * <p>Components are packages of a Debian 12 image as our catalogers make them, named like the
 * clones so that each finds a handful of candidate advisories; every second one has a
 * vulnerable version.
 */
final class SyntheticAdvisories {

  static final List<String> FIXTURES = List.of("DSA-3029-1.json", "DSA-5474-1.json",
      "GHSA-32qq-m9fh-f74w.json", "GHSA-35jh-r3h4-6jhm.json", "GHSA-4v7x-pqxf-cx7m.json",
      "GHSA-75v8-2h7p-7m2m.json", "GHSA-77rv-6vfw-x4gc.json", "GHSA-838r-hvwh-24h8.json",
      "GHSA-f5pg-7wfw-84q9.json", "GHSA-jfh8-c2jp-5v3q.json", "GHSA-mp6f-p9gp-vpj9.json",
      "GHSA-wjx8-cgrm-hh8p.json", "GHSA-xx65-cc7g-9pfp.json", "GO-2022-0969.json",
      "GO-2024-2687.json", "PYSEC-2023-120.json", "alpine-CVE-2022-27449.json");

  /** One component shape per fixture that a Debian 12 image can match. */
  private record Shape(String fixture, PackageType type, String vulnerable, String safe) {
  }

  private static final List<Shape> SHAPES = List.of(
      new Shape("DSA-5474-1.json", PackageType.DEB, "3.20230512.1~deb12u1",
          "3.20230808.1~deb12u1"),
      new Shape("DSA-3029-1.json", PackageType.DEB, "1.2.1-2.2+wheezy2", "1.2.1-2.2+wheezy3"),
      new Shape("GHSA-jfh8-c2jp-5v3q.json", PackageType.MAVEN, "2.14.1", "2.17.1"),
      new Shape("GHSA-32qq-m9fh-f74w.json", PackageType.MAVEN, "3.5.0", "3.5.0"),
      new Shape("GHSA-77rv-6vfw-x4gc.json", PackageType.MAVEN, "2.0.16", "2.0.17"),
      new Shape("GHSA-838r-hvwh-24h8.json", PackageType.MAVEN, "2.4", "2.5"),
      new Shape("GHSA-xx65-cc7g-9pfp.json", PackageType.MAVEN, "1.5.9", "1.5.10"),
      new Shape("GHSA-35jh-r3h4-6jhm.json", PackageType.NPM, "4.17.20", "4.17.21"),
      new Shape("GHSA-75v8-2h7p-7m2m.json", PackageType.NPM, "3.5.2", "3.5.3"),
      new Shape("GHSA-f5pg-7wfw-84q9.json", PackageType.GOLANG, "v1.33.0", "v1.34.0"),
      new Shape("GO-2022-0969.json", PackageType.GOLANG, "v0.0.0-20220826154423-83b083e8dc8b",
          "v0.23.0"),
      new Shape("GO-2024-2687.json", PackageType.GOLANG, "v0.22.0", "v0.23.0"),
      new Shape("PYSEC-2023-120.json", PackageType.PYPI, "3.8.4", "3.8.5"));

  private final JsonMapper mapper = JsonMapper.builder().build();
  private final List<JsonNode> templates = new ArrayList<>();
  private final int names;

  /** @param names distinct names per fixture */
  SyntheticAdvisories(int names) {
    this.names = names;
    for (String fixture : FIXTURES) {
      try (InputStream in = SyntheticAdvisories.class.getResourceAsStream(
          "/osv/records/" + fixture)) {
        templates.add(mapper.readTree(in.readAllBytes()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Hands advisory {@code i} (its id and JSON) to {@code consumer}, for i in [0, count). */
  void forEach(int count, BiConsumer<String, byte[]> consumer) {
    for (int i = 0; i < count; i++) {
      ObjectNode copy = (ObjectNode) templates.get(i % templates.size()).deepCopy();
      String id = copy.get("id").stringValue() + "-S" + i;
      copy.put("id", id);
      int k = (i / templates.size()) % names;
      for (JsonNode affected : copy.path("affected")) {
        ObjectNode pkg = (ObjectNode) affected.get("package");
        pkg.put("name", rename(pkg.get("ecosystem").stringValue(), pkg.get("name").stringValue(),
            k));
      }
      consumer.accept(id, mapper.writeValueAsBytes(copy));
    }
  }

  /** Writes {@code count} advisories as an OSV-style zip of {@code <ID>.json} entries. */
  void writeZip(Path zip, int count) throws IOException {
    try (OutputStream out = Files.newOutputStream(zip);
        ZipOutputStream entries = new ZipOutputStream(out)) {
      forEach(count, (id, json) -> {
        try {
          entries.putNextEntry(new ZipEntry(id + ".json"));
          entries.write(json);
          entries.closeEntry();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }

  /** {@code count} components of a Debian 12 image, half of them with vulnerable versions. */
  List<CatalogedPackage> components(int count, long seed) {
    Random random = new Random(seed);
    List<CatalogedPackage> components = new ArrayList<>(count);
    for (int c = 0; c < count; c++) {
      Shape shape = SHAPES.get(c % SHAPES.size());
      JsonNode template = templates.get(FIXTURES.indexOf(shape.fixture));
      JsonNode pkg = template.path("affected").get(0).get("package");
      String name = rename(pkg.get("ecosystem").stringValue(), pkg.get("name").stringValue(),
          random.nextInt(names));
      String version = c % 2 == 0 ? shape.vulnerable : shape.safe;
      components.add(component(shape.type, name, version));
    }
    return components;
  }

  private static String rename(String ecosystem, String name, int k) {
    if (ecosystem.equals("Go")) {
      int slash = name.indexOf('/');
      String first = slash < 0 ? name : name.substring(0, slash);
      if (!first.contains(".")) {
        return "go.example/" + name + "-s" + k;
      }
    }
    return name + "-s" + k;
  }

  private static CatalogedPackage component(PackageType type, String name, String version) {
    String namespace = null;
    String simple = name;
    String source = null;
    TreeMap<String, String> qualifiers = null;
    switch (type) {
      case DEB:
        namespace = "debian";
        source = name;
        qualifiers = new TreeMap<>(Map.of("arch", "amd64", "distro", "debian-12"));
        break;
      case MAVEN:
        namespace = name.substring(0, name.indexOf(':'));
        simple = name.substring(name.indexOf(':') + 1);
        break;
      case GOLANG:
        namespace = name.substring(0, name.lastIndexOf('/'));
        simple = name.substring(name.lastIndexOf('/') + 1);
        break;
      default:
        break;
    }
    try {
      String purl = new PackageURL(type.purlType(), namespace, simple, version, qualifiers,
          null).canonicalize();
      return new CatalogedPackage(type, simple, version, purl, source,
          source == null ? null : version, null, List.of(), "sha256:0", "/", "bench",
          Confidence.HIGH, Map.of());
    } catch (Exception e) {
      throw new IllegalArgumentException(name + "@" + version, e);
    }
  }
}

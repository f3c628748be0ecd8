package dev.scangate.policy;

import dev.scangate.policy.input.AttestationFacts;
import dev.scangate.policy.input.ComponentFacts;
import dev.scangate.policy.input.FindingFacts;
import dev.scangate.policy.input.ImageFacts;
import dev.scangate.policy.input.PackageFacts;
import dev.scangate.policy.input.PolicyInput;
import dev.scangate.policy.input.ScanFacts;
import dev.scangate.policy.input.ScannerFacts;
import java.time.Duration;
import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.Set;

/**
 * The policy input as CEL runtime values: maps with the fields of {@link PolicyTypes}, longs for
 * ints, {@link java.time.Instant} for timestamps. Optional values are absent keys, so
 * {@code has(image.created)} is false when the image config has no creation time.
 */
final class InputValues {

  final Map<String, Object> variables;
  final List<FindingFacts> findings;
  final List<Map<String, Object>> findingValues;

  private InputValues(Map<String, Object> variables, List<FindingFacts> findings,
      List<Map<String, Object>> findingValues) {
    this.variables = variables;
    this.findings = findings;
    this.findingValues = findingValues;
  }

  static InputValues of(PolicyInput input) {
    List<Map<String, Object>> findingValues = new FindingValues(input.findings());
    Map<String, Object> vars = new HashMap<>();
    vars.put("image", image(input.image(), input));
    vars.put("scan", scan(input.scan(), input));
    vars.put("findings", findingValues);
    List<Object> components = new ArrayList<>();
    for (ComponentFacts c : input.sbom().components()) {
      components.add(Map.of("purl", c.purl(), "name", c.name(), "version", c.version(),
          "type", c.type(), "licenses", c.licenses()));
    }
    vars.put("sbom", Map.of("components", List.copyOf(components)));
    List<Object> attestations = new ArrayList<>();
    for (AttestationFacts a : input.attestations()) {
      attestations.add(Map.of("predicateType", a.predicateType(), "verified", a.verified()));
    }
    vars.put("attestations", List.copyOf(attestations));
    vars.put("environment", Map.of("name", input.environment()));
    vars.put("now", input.now());
    return new InputValues(Map.copyOf(vars), input.findings(), findingValues);
  }

  private static Map<String, Object> image(ImageFacts image, PolicyInput input) {
    Map<String, Object> m = new HashMap<>();
    m.put("reference", image.reference());
    m.put("digest", image.digest());
    m.put("repository", image.repository());
    m.put("registry", image.registry());
    m.put("labels", image.labels());
    m.put("os", image.os());
    m.put("arch", image.arch());
    m.put("user", image.user());
    if (image.created() != null) {
      m.put("created", image.created());
      m.put("ageDays", Duration.between(image.created(), input.now()).toDays());
    }
    return Map.copyOf(m);
  }

  private static Map<String, Object> scan(ScanFacts scan, PolicyInput input) {
    if (scan == null) {
      return Map.of("present", false, "scanners", List.of(), "unknowns", 0L);
    }
    List<Object> scanners = new ArrayList<>();
    for (ScannerFacts s : scan.scanners()) {
      scanners.add(Map.of("name", s.name(), "version", s.version(), "dbVersion", s.dbVersion()));
    }
    return Map.of("present", true, "finishedAt", scan.finishedAt(),
        "ageHours", Duration.between(scan.finishedAt(), input.now()).toHours(),
        "scanners", List.copyOf(scanners), "unknowns", (long) scan.unknowns());
  }

  /**
   * The findings as CEL values, each made on first use and then kept: a policy whose selectors
   * run as plain Java ({@link ConjunctShortcut}) may never look at most of them as CEL maps.
   * Read-only, like the rest of the input.
   */
  private static final class FindingValues extends AbstractList<Map<String, Object>>
      implements RandomAccess {

    private final List<FindingFacts> findings;
    private final FindingMap[] maps;

    FindingValues(List<FindingFacts> findings) {
      this.findings = findings;
      this.maps = new FindingMap[findings.size()];
    }

    @Override
    public Map<String, Object> get(int i) {
      FindingMap map = maps[i];
      if (map == null) {
        map = new FindingMap(findings.get(i));
        maps[i] = map;
      }
      return map;
    }

    @Override
    public int size() {
      return maps.length;
    }
  }

  /** A finding as a CEL value; see {@link FindingMap}. */
  static Map<String, Object> finding(FindingFacts f) {
    return new FindingMap(f);
  }

  /**
   * A finding as a CEL map that reads its fields from the record: CEL selects a field with
   * {@code containsKey} and {@code get}, so no map is built per finding. Anything else (entry
   * iteration, equality, hashing) goes through a copy with the same entries, built on first use.
   */
  private static final class FindingMap extends AbstractMap<String, Object> {

    private final FindingFacts f;
    private Map<String, Object> pkg;
    private Map<String, Object> copy;

    FindingMap(FindingFacts f) {
      this.f = f;
    }

    @Override
    public Object get(Object key) {
      if (!(key instanceof String)) {
        return null;
      }
      switch ((String) key) {
        case "id":
          return f.id();
        case "aliases":
          return f.aliases();
        case "severity":
          return f.severity().name();
        case "cvss":
          return f.cvss();
        case "fixAvailable":
          return f.fixAvailable();
        case "fixedVersions":
          return f.fixedVersions();
        case "pkg":
          if (pkg == null) {
            pkg = new PackageMap(f.pkg());
          }
          return pkg;
        case "scanners":
          return f.scanners();
        case "waived":
          return f.waived();
        case "waiverId":
          return f.waiverId() == null ? "" : f.waiverId();
        default:
          return null;
      }
    }

    @Override
    public boolean containsKey(Object key) {
      return get(key) != null;
    }

    @Override
    public int size() {
      return f.cvss() == null ? 9 : 10;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
      if (copy == null) {
        Map<String, Object> m = new HashMap<>(16);
        m.put("id", f.id());
        m.put("aliases", f.aliases());
        m.put("severity", f.severity().name());
        if (f.cvss() != null) {
          m.put("cvss", f.cvss());
        }
        m.put("fixAvailable", f.fixAvailable());
        m.put("fixedVersions", f.fixedVersions());
        m.put("pkg", get("pkg"));
        m.put("scanners", f.scanners());
        m.put("waived", f.waived());
        m.put("waiverId", f.waiverId() == null ? "" : f.waiverId());
        copy = Collections.unmodifiableMap(m);
      }
      return copy.entrySet();
    }
  }

  /** A finding's package as a CEL map, read from the record like {@link FindingMap}. */
  private static final class PackageMap extends AbstractMap<String, Object> {

    private final PackageFacts p;
    private Map<String, Object> copy;

    PackageMap(PackageFacts p) {
      this.p = p;
    }

    @Override
    public Object get(Object key) {
      if (!(key instanceof String)) {
        return null;
      }
      switch ((String) key) {
        case "name":
          return p.name();
        case "version":
          return p.version();
        case "type":
          return p.type();
        case "purl":
          return p.purl();
        default:
          return null;
      }
    }

    @Override
    public boolean containsKey(Object key) {
      return get(key) != null;
    }

    @Override
    public int size() {
      return 4;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
      if (copy == null) {
        copy = Map.of("name", p.name(), "version", p.version(), "type", p.type(), "purl", p.purl());
      }
      return copy.entrySet();
    }
  }
}

package dev.scangate.policy;

import com.google.common.collect.ImmutableCollection;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.cel.common.types.CelType;
import dev.cel.common.types.CelTypeProvider;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The CEL types of the policy input. Each object is declared as a CEL struct type with a fixed
 * set of fields, so the type checker rejects {@code image.reposiotry} or
 * {@code findings.exists(f, f.sevrity == "HIGH")} when a rule is saved. At run time the values
 * are plain Java maps ({@link InputValues}); CEL selects fields of a map by key, so the declared
 * types cost nothing during evaluation.
 */
final class PolicyTypes {

  static final StructType PACKAGE = struct("scangate.Package", ImmutableMap.of(
      "name", SimpleType.STRING, "version", SimpleType.STRING, "type", SimpleType.STRING,
      "purl", SimpleType.STRING));

  static final StructType FINDING = struct("scangate.Finding", ImmutableMap.<String, CelType>builder()
      .put("id", SimpleType.STRING)
      .put("aliases", ListType.create(SimpleType.STRING))
      .put("severity", SimpleType.STRING)
      .put("cvss", SimpleType.DOUBLE)
      .put("fixAvailable", SimpleType.BOOL)
      .put("fixedVersions", ListType.create(SimpleType.STRING))
      .put("pkg", PACKAGE)
      .put("scanners", ListType.create(SimpleType.STRING))
      .put("waived", SimpleType.BOOL)
      .put("waiverId", SimpleType.STRING)
      .build());

  static final StructType IMAGE = struct("scangate.Image", ImmutableMap.<String, CelType>builder()
      .put("reference", SimpleType.STRING)
      .put("digest", SimpleType.STRING)
      .put("repository", SimpleType.STRING)
      .put("registry", SimpleType.STRING)
      .put("labels", MapType.create(SimpleType.STRING, SimpleType.STRING))
      .put("os", SimpleType.STRING)
      .put("arch", SimpleType.STRING)
      .put("user", SimpleType.STRING)
      .put("created", SimpleType.TIMESTAMP)
      .put("ageDays", SimpleType.INT)
      .build());

  static final StructType SCANNER = struct("scangate.Scanner", ImmutableMap.of(
      "name", SimpleType.STRING, "version", SimpleType.STRING, "dbVersion", SimpleType.STRING));

  static final StructType SCAN = struct("scangate.Scan", ImmutableMap.of(
      "present", SimpleType.BOOL,
      "finishedAt", SimpleType.TIMESTAMP,
      "ageHours", SimpleType.INT,
      "scanners", ListType.create(SCANNER),
      "unknowns", SimpleType.INT));

  static final StructType COMPONENT = struct("scangate.Component", ImmutableMap.of(
      "purl", SimpleType.STRING, "name", SimpleType.STRING, "version", SimpleType.STRING,
      "type", SimpleType.STRING, "licenses", ListType.create(SimpleType.STRING)));

  static final StructType SBOM = struct("scangate.Sbom", ImmutableMap.of(
      "components", ListType.create(COMPONENT)));

  static final StructType ATTESTATION = struct("scangate.Attestation", ImmutableMap.of(
      "predicateType", SimpleType.STRING, "verified", SimpleType.BOOL));

  static final StructType ENVIRONMENT = struct("scangate.Environment", ImmutableMap.of(
      "name", SimpleType.STRING));

  static final ImmutableList<CelType> ALL = ImmutableList.of(PACKAGE, FINDING, IMAGE, SCANNER,
      SCAN, COMPONENT, SBOM, ATTESTATION, ENVIRONMENT);

  static final CelTypeProvider PROVIDER = new CelTypeProvider() {
    @Override
    public ImmutableCollection<CelType> types() {
      return ALL;
    }

    @Override
    public Optional<CelType> findType(String name) {
      return ALL.stream().filter(t -> t.name().equals(name)).findFirst();
    }
  };

  private PolicyTypes() {
  }

  /** The variables an expression in this context may use, with their types. */
  static Map<String, CelType> variables(ExpressionContext context) {
    Map<String, CelType> vars = new LinkedHashMap<>();
    vars.put("image", IMAGE);
    vars.put("scan", SCAN);
    vars.put("findings", ListType.create(FINDING));
    vars.put("sbom", SBOM);
    vars.put("attestations", ListType.create(ATTESTATION));
    vars.put("environment", ENVIRONMENT);
    vars.put("now", SimpleType.TIMESTAMP);
    switch (context) {
      case SELECTOR:
        vars.put("f", FINDING);
        break;
      case SELECTION:
        vars.put("selected", ListType.create(FINDING));
        break;
      case MESSAGE:
        vars.put("selected", ListType.create(FINDING));
        vars.put("count", SimpleType.INT);
        vars.put("ids", SimpleType.STRING);
        break;
      default:
        break;
    }
    return vars;
  }

  private static StructType struct(String name, ImmutableMap<String, CelType> fields) {
    return StructType.create(name, fields.keySet(), field -> Optional.ofNullable(fields.get(field)));
  }
}

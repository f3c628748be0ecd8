package dev.scangate.vex;

import dev.scangate.environments.EnvironmentService;
import dev.scangate.evaluations.EvaluationService;
import dev.scangate.evaluations.ImageTarget;
import dev.scangate.image.ImageReference;
import dev.scangate.images.ImageDetail;
import dev.scangate.images.ImageService;
import dev.scangate.platform.ApiException;
import dev.scangate.platform.ProblemType;
import dev.scangate.policy.input.FindingFacts;
import dev.scangate.policy.input.PolicyInput;
import dev.scangate.policy.waiver.Waiver;
import dev.scangate.policy.waiver.WaiverMatcher;
import dev.scangate.policy.waiver.WaiverVerdict;
import dev.scangate.waivers.WaiverRequest;
import dev.scangate.waivers.WaiverService;
import dev.scangate.waivers.WaiverView;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * VEX: the waivers that apply to an image, exported as OpenVEX or CycloneDX VEX, and
 * {@code not_affected} statements of such documents imported as waivers.
 */
@Service
class VexService {

  /** What an import created, and how many statements it did not import (other statuses). */
  record Imported(String format, String documentId, List<WaiverView> waivers,
      int statementsSkipped) {
  }

  /** One waiver applying to one finding of the image. */
  private record Applied(Waiver waiver, FindingFacts finding) {
  }

  private static final Map<String, String> OPENVEX_TO_CDX = Map.of(
      "component_not_present", "requires_dependency",
      "vulnerable_code_not_present", "code_not_present",
      "vulnerable_code_not_in_execute_path", "code_not_reachable",
      "vulnerable_code_cannot_be_controlled_by_adversary", "protected_by_mitigating_control",
      "inline_mitigations_already_exist", "protected_by_mitigating_control");
  private static final Map<String, String> CDX_TO_OPENVEX = Map.of(
      "code_not_present", "vulnerable_code_not_present",
      "code_not_reachable", "vulnerable_code_not_in_execute_path",
      "requires_dependency", "component_not_present",
      "requires_configuration", "vulnerable_code_cannot_be_controlled_by_adversary",
      "requires_environment", "vulnerable_code_cannot_be_controlled_by_adversary",
      "protected_by_compiler", "inline_mitigations_already_exist",
      "protected_at_runtime", "inline_mitigations_already_exist",
      "protected_at_perimeter", "inline_mitigations_already_exist",
      "protected_by_mitigating_control", "inline_mitigations_already_exist");

  private final WaiverService waivers;
  private final EvaluationService evaluations;
  private final EnvironmentService environments;
  private final ImageService images;
  private final Clock clock;
  private final JsonMapper json;
  private final VexReader reader = new VexReader();

  VexService(WaiverService waivers, EvaluationService evaluations,
      EnvironmentService environments, ImageService images, Clock clock, JsonMapper json) {
    this.waivers = waivers;
    this.evaluations = evaluations;
    this.environments = environments;
    this.images = images;
    this.clock = clock;
    this.json = json;
  }

  /** Imports the not_affected statements as waivers, all or none. */
  Imported importDocument(byte[] body, String owner, String expiresAt, String environment,
      String repository, String actor) {
    VexReader.Read read = reader.read(body);
    if (read.notAffected().isEmpty()) {
      throw new ApiException(ProblemType.INVALID_VEX, "the " + read.format() + " document has"
          + " no not_affected statement to import (" + read.skipped()
          + " statement(s) with another status)");
    }
    String expiry = expiresAt == null || expiresAt.isBlank()
        ? waivers.maxExpiry().minusSeconds(60).toString() : expiresAt;
    WaiverService.Source source = "openvex".equals(read.format()) ? WaiverService.Source.OPENVEX
        : WaiverService.Source.CYCLONEDX;
    List<WaiverService.Draft> drafts = new ArrayList<>();
    for (VexStatement s : read.notAffected()) {
      String reason = "VEX " + read.format() + (read.documentId() == null ? ""
          : " " + read.documentId()) + ": not_affected"
          + (s.justification() == null ? "" : " (" + s.justification() + ")")
          + (s.detail() == null ? "" : ": " + s.detail());
      drafts.add(waivers.validate(new WaiverRequest(s.vulnerability(), s.purl(), repository,
          environment, reason, owner, expiry, s.justification()), source, read.documentId()));
    }
    return new Imported(read.format(), read.documentId(), waivers.create(drafts, actor),
        read.skipped());
  }

  /** The OpenVEX document of the waivers applying to the image's findings. */
  ObjectNode openVex(String digest, String environment) {
    Context c = context(digest, environment);
    ObjectNode doc = json.createObjectNode();
    doc.put("@context", "https://openvex.dev/ns/v0.2.0");
    doc.put("@id", "https://scangate.dev/vex/" + digest + "/" + c.now.toEpochMilli());
    doc.put("author", "scangate");
    doc.put("timestamp", c.now.toString());
    doc.put("version", 1);
    ArrayNode statements = doc.putArray("statements");
    for (Map.Entry<String, List<Applied>> e : c.byWaiver().entrySet()) {
      Applied first = e.getValue().get(0);
      ObjectNode s = statements.addObject();
      ObjectNode v = s.putObject("vulnerability");
      v.put("name", first.finding().id());
      if (!first.finding().aliases().isEmpty()) {
        ArrayNode aliases = v.putArray("aliases");
        first.finding().aliases().forEach(aliases::add);
      }
      ObjectNode product = s.putArray("products").addObject();
      product.put("@id", c.ociPurl);
      ArrayNode subs = product.putArray("subcomponents");
      e.getValue().stream().map(a -> a.finding().pkg().purl()).filter(p -> !p.isEmpty())
          .distinct().forEach(p -> subs.addObject().put("@id", p));
      s.put("status", "not_affected");
      String justification = openVexJustification(first.waiver());
      if (justification != null) {
        s.put("justification", justification);
      }
      s.put("impact_statement", first.waiver().reason() + " (scangate waiver "
          + first.waiver().id() + ", owner " + first.waiver().owner() + ", expires "
          + first.waiver().expiresAt() + ")");
    }
    return doc;
  }

  /** The CycloneDX 1.6 VEX document of the waivers applying to the image's findings. */
  ObjectNode cycloneDx(String digest, String environment) {
    Context c = context(digest, environment);
    ObjectNode doc = json.createObjectNode();
    doc.put("bomFormat", "CycloneDX");
    doc.put("specVersion", "1.6");
    doc.put("serialNumber", "urn:uuid:" + UUID.randomUUID());
    doc.put("version", 1);
    ObjectNode metadata = doc.putObject("metadata");
    metadata.put("timestamp", c.now.toString());
    ObjectNode component = metadata.putObject("component");
    component.put("type", "container");
    component.put("bom-ref", c.ociPurl);
    component.put("name", c.target.pinned().name());
    component.put("version", digest);
    component.put("purl", c.ociPurl);
    ArrayNode components = doc.putArray("components");
    ArrayNode vulnerabilities = doc.putArray("vulnerabilities");
    Set<String> listed = new java.util.HashSet<>();
    for (Map.Entry<String, List<Applied>> e : c.byWaiver().entrySet()) {
      Applied first = e.getValue().get(0);
      ObjectNode v = vulnerabilities.addObject();
      v.put("id", first.finding().id());
      if (!first.finding().aliases().isEmpty()) {
        ArrayNode refs = v.putArray("references");
        first.finding().aliases().forEach(a -> refs.addObject().put("id", a)
            .putObject("source").put("name", a.contains("-") ? a.substring(0, a.indexOf('-'))
                : "alias"));
      }
      ObjectNode analysis = v.putObject("analysis");
      analysis.put("state", "not_affected");
      String justification = cdxJustification(first.waiver());
      if (justification != null) {
        analysis.put("justification", justification);
      }
      analysis.put("detail", first.waiver().reason() + " (scangate waiver "
          + first.waiver().id() + ", owner " + first.waiver().owner() + ", expires "
          + first.waiver().expiresAt() + ")");
      ArrayNode affects = v.putArray("affects");
      e.getValue().stream().map(a -> a.finding().pkg()).distinct().forEach(p -> {
        String ref = p.purl().isEmpty() ? c.ociPurl : p.purl();
        affects.addObject().put("ref", ref);
        if (!p.purl().isEmpty() && listed.add(p.purl())) {
          ObjectNode lib = components.addObject();
          lib.put("type", "library");
          lib.put("bom-ref", p.purl());
          lib.put("name", p.name());
          lib.put("version", p.version());
          lib.put("purl", p.purl());
        }
      });
    }
    return doc;
  }

  private record Context(ImageTarget target, String ociPurl, Instant now,
      Map<String, List<Applied>> byWaiver) {
  }

  private Context context(String digest, String environment) {
    ImageDetail detail = images.find(digest).orElseThrow(() -> new ApiException(
        ProblemType.NOT_FOUND, "no image with digest " + digest + " has been recorded"));
    if (detail.image().repositories().isEmpty()) {
      throw new ApiException(ProblemType.NOT_FOUND, "image " + digest + " has no repository");
    }
    ImageTarget target = new ImageTarget(digest,
        ImageReference.parse(detail.image().repositories().get(0) + "@" + digest));
    String env = environment == null || environment.isBlank() ? null
        : environments.require(environment).name();
    PolicyInput input = evaluations.input(target, env == null ? "any" : env);
    Instant now = input.now();
    WaiverMatcher scoped = waivers.matcher();
    WaiverMatcher anyEnvironment = new WaiverMatcher(Set.of());
    Map<String, List<Applied>> byWaiver = new LinkedHashMap<>();
    for (Waiver w : waivers.activeAt(now)) {
      PolicyInput in = env != null ? input : new PolicyInput(input.image(), input.scan(),
          input.findings(), input.sbom(), input.attestations(),
          w.environment() == null ? "any" : w.environment(), now);
      WaiverMatcher matcher = env != null ? scoped : anyEnvironment;
      for (FindingFacts f : input.findings()) {
        if (matcher.check(w, f, in) == WaiverVerdict.APPLIES) {
          byWaiver.computeIfAbsent(w.id(), k -> new ArrayList<>()).add(new Applied(w, f));
        }
      }
    }
    return new Context(target, ociPurl(target.pinned()), now, byWaiver);
  }

  /** {@code pkg:oci/name@sha256%3A…?repository_url=registry/repository} (purl-spec oci type). */
  private static String ociPurl(ImageReference pinned) {
    String repository = pinned.repository();
    String name = repository.substring(repository.lastIndexOf('/') + 1);
    return "pkg:oci/" + name + "@" + URLEncoder.encode(pinned.digest().toString(),
        StandardCharsets.UTF_8) + "?repository_url=" + pinned.name();
  }

  private String openVexJustification(Waiver w) {
    String j = justificationOf(w);
    if (j == null) {
      return null;
    }
    return OPENVEX_TO_CDX.containsKey(j) ? j : CDX_TO_OPENVEX.get(j);
  }

  private String cdxJustification(Waiver w) {
    String j = justificationOf(w);
    if (j == null) {
      return null;
    }
    return CDX_TO_OPENVEX.containsKey(j) ? j : OPENVEX_TO_CDX.get(j);
  }

  private String justificationOf(Waiver w) {
    return waivers.find(UUID.fromString(w.id())).map(WaiverView::justification).orElse(null);
  }
}

package dev.scangate.vex;

import dev.scangate.platform.ApiException;
import dev.scangate.platform.ProblemType;
import dev.scangate.policy.match.PurlPattern;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the {@code not_affected} statements of an OpenVEX (v0.0.1 and v0.2.0) or CycloneDX VEX
 * (1.4–1.6 JSON) document. Statements with another status (fixed, affected,
 * under_investigation) are counted but not returned. A document that is neither, or a statement
 * without a vulnerability, is a 400 problem naming where.
 */
final class VexReader {

  /** What a document held. */
  record Read(String format, String documentId, List<VexStatement> notAffected, int skipped) {
  }

  private final JsonMapper json = JsonMapper.builder().build();

  Read read(byte[] body) {
    if (body == null || body.length == 0) {
      throw invalid("the request body is empty: send an OpenVEX or CycloneDX VEX JSON document");
    }
    JsonNode root;
    try {
      root = json.readTree(body);
    } catch (JacksonException e) {
      throw invalid("the document is not valid JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw invalid("the document must be a JSON object (OpenVEX or CycloneDX VEX)");
    }
    String context = root.path("@context").isString() ? root.path("@context").stringValue() : "";
    if (context.contains("openvex")) {
      return openVex(root);
    }
    if ("CycloneDX".equals(root.path("bomFormat").asString(""))) {
      return cycloneDx(root);
    }
    throw invalid("the document is neither OpenVEX (\"@context\": \"https://openvex.dev/ns/…\")"
        + " nor CycloneDX (\"bomFormat\": \"CycloneDX\")");
  }

  private Read openVex(JsonNode root) {
    JsonNode statements = root.path("statements");
    if (!statements.isArray()) {
      throw invalid("OpenVEX: \"statements\" must be an array");
    }
    List<VexStatement> out = new ArrayList<>();
    int skipped = 0;
    for (int i = 0; i < statements.size(); i++) {
      JsonNode s = statements.get(i);
      String where = "OpenVEX statements[" + i + "]";
      if (!s.isObject()) {
        throw invalid(where + " must be an object");
      }
      JsonNode v = s.path("vulnerability");
      String vulnerability = v.isString() ? v.stringValue()
          : v.path("name").isString() ? v.path("name").stringValue() : null;
      if (vulnerability == null || vulnerability.isBlank()) {
        throw invalid(where + ".vulnerability must name the vulnerability"
            + " ({\"name\": \"CVE-…\"})");
      }
      if (!s.path("status").isString()) {
        throw invalid(where + ".status is required (not_affected, affected, fixed,"
            + " under_investigation)");
      }
      if (!"not_affected".equals(s.path("status").stringValue())) {
        skipped++;
        continue;
      }
      String justification = text(s, "justification");
      String detail = text(s, "impact_statement");
      Set<String> purls = new LinkedHashSet<>();
      boolean product = false;
      JsonNode products = s.path("products");
      if (!products.isArray() || products.isEmpty()) {
        throw invalid(where + ".products must list the products the statement is about");
      }
      for (JsonNode p : products) {
        String id = p.isString() ? p.stringValue() : text(p, "@id");
        JsonNode subs = p.path("subcomponents");
        if (subs.isArray() && !subs.isEmpty()) {
          for (JsonNode sub : subs) {
            addPackage(sub.isString() ? sub.stringValue() : text(sub, "@id"), purls);
          }
        } else if (id != null && id.startsWith("pkg:") && !id.startsWith("pkg:oci/")) {
          addPackage(id, purls);
        } else {
          product = true; // the image (pkg:oci) or a product without package: any package
        }
      }
      if (product && purls.isEmpty()) {
        out.add(new VexStatement(vulnerability.strip(), null, justification, detail));
      }
      for (String purl : purls) {
        out.add(new VexStatement(vulnerability.strip(), purl, justification, detail));
      }
    }
    return new Read("openvex", text(root, "@id"), out, skipped);
  }

  private Read cycloneDx(JsonNode root) {
    JsonNode vulnerabilities = root.path("vulnerabilities");
    if (!vulnerabilities.isArray()) {
      throw invalid("CycloneDX: \"vulnerabilities\" must be an array (a VEX document lists"
          + " vulnerabilities with an analysis)");
    }
    Map<String, String> purlByRef = new HashMap<>();
    collectComponents(root.path("metadata").path("component"), purlByRef);
    for (JsonNode c : root.path("components")) {
      collectComponents(c, purlByRef);
    }
    List<VexStatement> out = new ArrayList<>();
    int skipped = 0;
    for (int i = 0; i < vulnerabilities.size(); i++) {
      JsonNode v = vulnerabilities.get(i);
      String where = "CycloneDX vulnerabilities[" + i + "]";
      String id = text(v, "id");
      if (id == null || id.isBlank()) {
        throw invalid(where + ".id is required (e.g. CVE-2021-44228)");
      }
      if (!"not_affected".equals(v.path("analysis").path("state").asString(""))) {
        skipped++;
        continue;
      }
      String justification = text(v.path("analysis"), "justification");
      String detail = text(v.path("analysis"), "detail");
      JsonNode affects = v.path("affects");
      if (!affects.isArray() || affects.isEmpty()) {
        throw invalid(where + ".affects must list what the analysis is about");
      }
      Set<String> purls = new LinkedHashSet<>();
      boolean product = false;
      for (JsonNode a : affects) {
        String ref = text(a, "ref");
        if (ref == null) {
          throw invalid(where + ".affects[].ref is required");
        }
        String purl = resolveRef(ref, purlByRef);
        if (purl == null) {
          product = true;
        } else {
          addPackage(purl, purls);
        }
      }
      if (product && purls.isEmpty()) {
        out.add(new VexStatement(id.strip(), null, justification, detail));
      }
      for (String purl : purls) {
        out.add(new VexStatement(id.strip(), purl, justification, detail));
      }
    }
    return new Read("cyclonedx", text(root, "serialNumber"), out, skipped);
  }

  /** A bom-ref, or a BOM-Link ({@code urn:cdx:serial/version#bom-ref}), to a package URL. */
  private static String resolveRef(String ref, Map<String, String> purlByRef) {
    String local = ref;
    if (ref.startsWith("urn:cdx:") && ref.contains("#")) {
      local = URLDecoder.decode(ref.substring(ref.indexOf('#') + 1), StandardCharsets.UTF_8);
    }
    if (local.startsWith("pkg:")) {
      return local;
    }
    return purlByRef.get(local);
  }

  private static void collectComponents(JsonNode c, Map<String, String> purlByRef) {
    if (!c.isObject()) {
      return;
    }
    String ref = text(c, "bom-ref");
    String purl = text(c, "purl");
    if (ref != null && purl != null) {
      purlByRef.put(ref, purl);
    }
    for (JsonNode child : c.path("components")) {
      collectComponents(child, purlByRef);
    }
  }

  /** Adds the package as a waiver pattern: the purl without qualifiers and subpath. */
  private static void addPackage(String purl, Set<String> out) {
    if (purl == null || !purl.startsWith("pkg:")) {
      return;
    }
    String base = purl;
    int cut = base.length();
    for (char c : new char[] {'?', '#'}) {
      int at = base.indexOf(c);
      if (at >= 0) {
        cut = Math.min(cut, at);
      }
    }
    base = base.substring(0, cut);
    try {
      PurlPattern.parse(base);
    } catch (IllegalArgumentException e) {
      throw invalid("package URL \"" + purl + "\" cannot scope a waiver: " + e.getMessage());
    }
    out.add(base);
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.path(field);
    return v.isString() && !v.stringValue().isBlank() ? v.stringValue() : null;
  }

  private static ApiException invalid(String message) {
    return new ApiException(ProblemType.INVALID_VEX, message);
  }
}

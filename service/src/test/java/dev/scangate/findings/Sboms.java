package dev.scangate.findings;

import dev.scangate.support.Api;
import java.net.http.HttpRequest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.StringJoiner;

/**
 * CycloneDX 1.5 SBOMs a user uploads for an image ({@code POST /api/v1/sboms}): the packages
 * listed by package URL, optionally with the operating system. Test input, not tool output.
 */
final class Sboms {

  private final StringJoiner components = new StringJoiner(",");

  static Sboms of() {
    return new Sboms();
  }

  /** An OS component, as Syft and Trivy write it ({@code debian} {@code 7}). */
  Sboms os(String name, String version) {
    components.add("{\"type\":\"operating-system\",\"name\":\"" + name + "\",\"version\":\""
        + version + "\"}");
    return this;
  }

  Sboms pkg(String name, String version, String purl) {
    components.add("{\"type\":\"library\",\"bom-ref\":\"" + purl + "\",\"name\":\"" + name
        + "\",\"version\":\"" + version + "\",\"purl\":\"" + purl + "\"}");
    return this;
  }

  String json() {
    return "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"version\":1,"
        + "\"components\":[" + components + "]}";
  }

  /** A fresh digest, so each upload is another image. */
  static String digest() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return "sha256:" + HexFormat.of().formatHex(bytes);
  }

  /** Uploads for {@code image} and waits for the scan; returns the finished scan. */
  Api.Response scan(Api api, String image) {
    Api.Response accepted = api.post("/api/v1/sboms?image=" + image,
        HttpRequest.BodyPublishers.ofString(json()), "application/vnd.cyclonedx+json");
    if (accepted.status() != 202) {
      throw new AssertionError("upload refused: " + accepted.body());
    }
    return api.awaitFinished(accepted.text("/scan/id"));
  }
}

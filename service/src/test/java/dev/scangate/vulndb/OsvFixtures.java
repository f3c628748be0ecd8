package dev.scangate.vulndb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scangate.support.Api;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The real OSV records of {@code src/test/resources/osv} (see SOURCES.md there), zipped the way
 * OSV publishes them, and uploading them through the API as a user would.
 */
public final class OsvFixtures {

  /** Every record of {@code osv/records}. */
  public static final List<String> RECORDS = List.of("DSA-3029-1", "DSA-5474-1",
      "GHSA-32qq-m9fh-f74w", "GHSA-35jh-r3h4-6jhm", "GHSA-4v7x-pqxf-cx7m",
      "GHSA-75v8-2h7p-7m2m", "GHSA-77rv-6vfw-x4gc", "GHSA-838r-hvwh-24h8",
      "GHSA-f5pg-7wfw-84q9", "GHSA-jfh8-c2jp-5v3q", "GHSA-mp6f-p9gp-vpj9",
      "GHSA-wjx8-cgrm-hh8p", "GHSA-xx65-cc7g-9pfp", "GO-2022-0969", "GO-2024-2687",
      "PYSEC-2023-120", "alpine-CVE-2022-27449");

  private OsvFixtures() {
  }

  /** A record file's bytes: {@code records/GHSA-…} or {@code merge/GHSA-…}. */
  public static byte[] record(String path) {
    String resource = "/osv/" + (path.contains("/") ? path : "records/" + path) + ".json";
    try (InputStream in = OsvFixtures.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + resource);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A zip of the named records, each as {@code <ID>.json}. */
  public static byte[] zipOf(List<String> records) {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    for (String record : records) {
      entries.put(record.substring(record.lastIndexOf('/') + 1) + ".json", record(record));
    }
    return zip(entries);
  }

  public static byte[] zip(Map<String, byte[]> entries) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(entry.getKey()));
        zip.write(entry.getValue());
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** POSTs a file to the import endpoint as multipart/form-data field {@code file}. */
  public static Api.Response upload(Api api, String filename, byte[] content) {
    String boundary = "scangate-" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\";"
        + " filename=\"" + filename + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
        .getBytes(StandardCharsets.UTF_8));
    body.writeBytes(content);
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return api.post("/api/v1/vulndb/imports", HttpRequest.BodyPublishers.ofByteArray(
        body.toByteArray()), "multipart/form-data; boundary=" + boundary);
  }

  /** Uploads and waits for the import to end; returns the import. */
  public static Api.Response imported(Api api, String filename, byte[] content) {
    Api.Response accepted = upload(api, filename, content);
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
    return awaitImport(api, accepted.text("/id"));
  }

  public static Api.Response awaitImport(Api api, String id) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    Api.Response last;
    do {
      last = api.get("/api/v1/vulndb/imports/" + id);
      String status = last.text("/status");
      if ("SUCCEEDED".equals(status) || "FAILED".equals(status)) {
        return last;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    } while (System.nanoTime() < deadline);
    throw new AssertionError("import " + id + " did not end: " + last.body());
  }
}

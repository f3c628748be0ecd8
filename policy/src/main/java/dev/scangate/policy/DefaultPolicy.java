package dev.scangate.policy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The policy scangate ships with ({@code default-policy.json} next to this class; documented in
 * {@code docs/policy.md}): deny fixable critical or high findings that are not waived, deny
 * scans older than 7 days and images never scanned; warn on images running as root and on
 * findings only one of several scanners reports.
 *
 * <pre>{@code
 * PolicyVersion v = DefaultPolicy.load();
 * }</pre>
 */
public final class DefaultPolicy {

  /** The resource name, relative to this class. */
  public static final String RESOURCE = "default-policy.json";

  private DefaultPolicy() {
  }

  /** Reads and parses the shipped policy. */
  public static PolicyVersion load() {
    return new PolicyJson().parse(json());
  }

  /** The shipped policy's JSON text. */
  public static String json() {
    try (InputStream in = DefaultPolicy.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("resource " + RESOURCE + " missing from the policy jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + RESOURCE, e);
    }
  }
}

package dev.scangate.policy.input;

import java.util.Objects;

/**
 * The package a finding is about, as {@code f.pkg} in CEL ({@code package} is a reserved word
 * in CEL, hence {@code pkg}).
 *
 * <pre>{@code
 * new PackageFacts("log4j-core", "2.14.1", "maven",
 *     "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1");
 * }</pre>
 */
public record PackageFacts(String name, String version, String type, String purl) {

  public PackageFacts {
    Objects.requireNonNull(name, "name");
    version = version == null ? "" : version;
    type = type == null ? "" : type;
    purl = purl == null ? "" : purl;
  }
}

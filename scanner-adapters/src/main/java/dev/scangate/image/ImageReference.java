package dev.scangate.image;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A normalized image reference: {@code registry/repository[:tag][@digest]}.
 *
 * <p>Parsing follows the grammar of distribution/reference
 * (https://github.com/distribution/reference/blob/main/reference.go) and Docker's normalization:
 * a first path component is a registry when it contains {@code .} or {@code :} or is
 * {@code localhost}; otherwise the registry is {@code docker.io}, whose single-component
 * repositories live under {@code library/}. A reference with neither tag nor digest gets the tag
 * {@code latest}.
 *
 * <pre>{@code
 * ImageReference.parse("nginx").toString();             // docker.io/library/nginx:latest
 * ImageReference.parse("localhost:5000/app@sha256:…");   // registry localhost:5000, no tag
 * }</pre>
 */
public record ImageReference(String registry, String repository, String tag, Digest digest) {

  public static final String DOCKER_HUB = "docker.io";
  private static final String EXAMPLE = "registry.example.com/team/app:1.2.3";
  private static final int MAX_NAME_LENGTH = 255;

  // distribution/reference: domain-component, optional port; IPv6 in brackets.
  private static final Pattern DOMAIN = Pattern.compile(
      "(?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
          + "(?:\\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*"
          + "|\\[[0-9a-fA-F:.]+\\])(?::[0-9]+)?");
  // path-component := alpha-numeric (separator alpha-numeric)*; separator := [_.] | __ | [-]+
  private static final Pattern PATH_COMPONENT =
      Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
  private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");

  public ImageReference {
    if (tag == null && digest == null) {
      throw new IllegalArgumentException("a normalized reference has a tag, a digest or both");
    }
  }

  /**
   * Parses and normalizes a reference as a user or CI system writes it.
   *
   * @throws InvalidReferenceException quoting the input and naming the rule it broke
   */
  public static ImageReference parse(String input) {
    if (input == null || input.isBlank()) {
      throw new InvalidReferenceException(String.valueOf(input), "reference is empty", EXAMPLE);
    }
    if (!input.equals(input.strip())) {
      throw new InvalidReferenceException(input, "reference has leading or trailing whitespace",
          EXAMPLE);
    }
    String rest = input;
    Digest digest = null;
    int at = rest.indexOf('@');
    if (at >= 0) {
      String digestPart = rest.substring(at + 1);
      try {
        digest = Digest.parse(digestPart);
      } catch (InvalidReferenceException e) {
        throw new InvalidReferenceException(input, "digest: " + e.rule(),
            "registry.example.com/app@" + Digest.EXAMPLE);
      }
      rest = rest.substring(0, at);
    }
    String tag = null;
    int lastSlash = rest.lastIndexOf('/');
    int colon = rest.lastIndexOf(':');
    if (colon > lastSlash) {
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
      if (!TAG.matcher(tag).matches()) {
        throw new InvalidReferenceException(input,
            "tag \"" + tag + "\" must be 1-128 characters of letters, digits, _ . - and not start"
                + " with . or -", EXAMPLE);
      }
    }
    if (rest.isEmpty()) {
      throw new InvalidReferenceException(input, "repository name is missing", EXAMPLE);
    }

    String registry;
    String path;
    int slash = rest.indexOf('/');
    String first = slash < 0 ? rest : rest.substring(0, slash);
    boolean firstIsDomain = slash >= 0 && (first.contains(".") || first.contains(":")
        || "localhost".equals(first) || !first.equals(first.toLowerCase(Locale.ROOT)));
    if (firstIsDomain) {
      registry = first;
      path = rest.substring(slash + 1);
      if (!DOMAIN.matcher(registry).matches()) {
        throw new InvalidReferenceException(input,
            "registry \"" + registry + "\" is not a valid host[:port]", EXAMPLE);
      }
      registry = registry.toLowerCase(Locale.ROOT);
      if ("index.docker.io".equals(registry) || "registry-1.docker.io".equals(registry)) {
        registry = DOCKER_HUB;
      }
    } else {
      registry = DOCKER_HUB;
      path = rest;
    }
    if (DOCKER_HUB.equals(registry) && !path.contains("/")) {
      path = "library/" + path;
    }
    for (String component : path.split("/", -1)) {
      if (component.isEmpty()) {
        throw new InvalidReferenceException(input, "repository has an empty path component",
            EXAMPLE);
      }
      if (!component.equals(component.toLowerCase(Locale.ROOT))) {
        throw new InvalidReferenceException(input,
            "repository name must be lowercase (\"" + component + "\")", EXAMPLE);
      }
      if (!PATH_COMPONENT.matcher(component).matches()) {
        throw new InvalidReferenceException(input, "repository component \"" + component
            + "\" may hold only a-z, 0-9 and single separators . _ __ or dashes between them",
            EXAMPLE);
      }
    }
    if (registry.length() + 1 + path.length() > MAX_NAME_LENGTH) {
      throw new InvalidReferenceException(input,
          "name is longer than " + MAX_NAME_LENGTH + " characters", EXAMPLE);
    }
    if (tag == null && digest == null) {
      tag = "latest";
    }
    return new ImageReference(registry, path, tag, digest);
  }

  /** {@code registry/repository}, the name without tag or digest. */
  public String name() {
    return registry + "/" + repository;
  }

  /** This reference pinned to a digest, keeping the tag it was resolved from. */
  public ImageReference withDigest(Digest resolved) {
    return new ImageReference(registry, repository, tag, resolved);
  }

  /** The same repository at another digest, without a tag (e.g. a child of an index). */
  public ImageReference atDigest(Digest childDigest) {
    return new ImageReference(registry, repository, null, childDigest);
  }

  /** What to ask the registry for: the digest when known, else the tag. */
  public String manifestReference() {
    return digest != null ? digest.toString() : tag;
  }

  /** The hostname part of the registry, without port or brackets. */
  public String host() {
    String host = registry;
    if (host.startsWith("[")) {
      return host.substring(1, host.indexOf(']'));
    }
    int colon = host.lastIndexOf(':');
    return colon > 0 ? host.substring(0, colon) : host;
  }

  @Override
  public String toString() {
    return name() + (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
  }
}

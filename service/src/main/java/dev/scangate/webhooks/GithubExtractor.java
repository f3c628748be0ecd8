package dev.scangate.webhooks;

import dev.scangate.image.Digest;
import dev.scangate.image.InvalidReferenceException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Images from GitHub package events: a published container package version becomes
 * {@code ghcr.io/<owner>/<name>@sha256:…}, or {@code …:<tag>} when the payload has no valid
 * digest. Other package types are refused (400), other actions and {@code ping} are ignored.
 *
 * <pre>{@code
 * // X-GitHub-Event: registry_package, action published,
 * // package_url ghcr.io/Codertocat/hello-world:
 * extractor.normalize("registry_package", payload);
 * // ["ghcr.io/codertocat/hello-world@sha256:3da1996a…"]
 * }</pre>
 */
final class GithubExtractor implements PayloadExtractor {

  static final String EVENT = "X-GitHub-Event";
  static final String DELIVERY = "X-GitHub-Delivery";
  private static final String GHCR = "ghcr.io";
  private static final Set<String> CONTAINER_TYPES = Set.of("container", "docker");

  private final PayloadReader reader;
  private final String registry;

  /** @param registry replaces the payload's registry host when set (GitHub Enterprise) */
  GithubExtractor(PayloadReader reader, String registry) {
    this.reader = reader;
    this.registry = registry;
  }

  @Override
  public Extraction extract(WebhookRequest request) {
    String event = request.header(EVENT);
    if ("ping".equals(event)) {
      return Extraction.ignoring("github ping event");
    }
    GithubPayload payload = reader.read(Provider.GITHUB, request.body(), GithubPayload.class);
    Images images = normalize(event, payload);
    if (images.ignored() != null) {
      return Extraction.ignoring(images.ignored());
    }
    return new Extraction(List.of(Extraction.Delivery.of(request.header(DELIVERY), request,
        images.references())), List.of());
  }

  /** The references of one event, or why it was ignored. */
  record Images(List<String> references, String ignored) {
  }

  Images normalize(String event, GithubPayload payload) {
    if (event == null) {
      event = payload.registryPackage() != null ? "registry_package"
          : payload.packageObject() != null ? "package" : null;
    }
    if (event == null) {
      throw new NoImageException(Provider.GITHUB, "no " + EVENT + " header and neither"
          + " registry_package nor package in the payload");
    }
    if (!"registry_package".equals(event) && !"package".equals(event)) {
      throw new NoImageException(Provider.GITHUB, "event " + event + " is not a package or"
          + " registry_package event; subscribe the webhook to \"Packages\" or \"Registry"
          + " packages\" only");
    }
    GithubPayload.PackageObject pkg = "registry_package".equals(event)
        ? payload.registryPackage() : payload.packageObject();
    if (pkg == null) {
      throw new NoImageException(Provider.GITHUB, "the " + event + " event has no " + event
          + " object");
    }
    if (!"published".equals(payload.action())) {
      return new Images(List.of(), "github " + event + " action " + payload.action()
          + " is not a publish");
    }
    if (!isContainer(pkg)) {
      throw new NoImageException(Provider.GITHUB, "package_type " + pkg.packageType());
    }
    GithubPayload.Version version = pkg.packageVersion();
    if (version == null) {
      throw new NoImageException(Provider.GITHUB, "the package has no package_version");
    }
    String name = repositoryName(pkg, version);
    String tag = tag(version);
    if (Extraction.isSignatureTag(tag)) {
      return new Images(List.of(), "cosign signature tag " + tag);
    }
    Digest digest = digest(version);
    if (digest != null) {
      return new Images(List.of(name + "@" + digest), null);
    }
    if (tag != null) {
      return new Images(List.of(name + ":" + tag), null);
    }
    throw new NoImageException(Provider.GITHUB, "package_version has neither a digest"
        + " (container_metadata.tag.digest, version) nor a tag");
  }

  /**
   * A container package. GitHub's {@code package_type} is {@code container} (ghcr.io) or
   * {@code docker} (the old docker.pkg.github.com); the registry's {@code type} and the presence
   * of {@code container_metadata} say the same where the type field disagrees, as in octokit's
   * recorded examples.
   */
  private static boolean isContainer(GithubPayload.PackageObject pkg) {
    if (pkg.packageType() != null
        && CONTAINER_TYPES.contains(pkg.packageType().toLowerCase(Locale.ROOT))) {
      return true;
    }
    if (pkg.registry() != null && pkg.registry().type() != null
        && CONTAINER_TYPES.contains(pkg.registry().type().toLowerCase(Locale.ROOT))) {
      return true;
    }
    return pkg.packageVersion() != null && pkg.packageVersion().containerMetadata() != null;
  }

  /**
   * {@code host/owner/name} from {@code package_url} ({@code ghcr.io/Owner/name:tag}), else from
   * the owner's login and the package name. Lowercased: registries accept only lowercase
   * repository names (distribution/reference), and GitHub reports the owner's display case.
   */
  private String repositoryName(GithubPayload.PackageObject pkg, GithubPayload.Version version) {
    String url = version.packageUrl();
    String host;
    String path;
    if (url != null && !url.isBlank() && url.contains("/")) {
      String name = stripTagAndDigest(url.strip());
      int slash = name.indexOf('/');
      String first = name.substring(0, slash);
      boolean isHost = first.contains(".") || first.contains(":") || "localhost".equals(first);
      host = isHost ? first : GHCR;
      path = isHost ? name.substring(slash + 1) : name;
    } else if (pkg.owner() != null && pkg.owner().login() != null && pkg.name() != null) {
      host = GHCR;
      path = pkg.owner().login() + "/" + pkg.name();
    } else {
      throw new NoImageException(Provider.GITHUB, "package_version.package_url is missing and"
          + " the package has no owner login and name");
    }
    return (registry != null ? registry : host.toLowerCase(Locale.ROOT)) + "/"
        + path.toLowerCase(Locale.ROOT);
  }

  private static String stripTagAndDigest(String reference) {
    int at = reference.indexOf('@');
    String name = at >= 0 ? reference.substring(0, at) : reference;
    int colon = name.lastIndexOf(':');
    return colon > name.lastIndexOf('/') ? name.substring(0, colon) : name;
  }

  private static String tag(GithubPayload.Version version) {
    GithubPayload.ContainerMetadata metadata = version.containerMetadata();
    if (metadata != null && metadata.tag() != null && notBlank(metadata.tag().name())) {
      return metadata.tag().name().strip();
    }
    String url = version.packageUrl();
    if (url != null && url.indexOf('@') < 0) {
      int colon = url.lastIndexOf(':');
      if (colon > url.lastIndexOf('/') && colon < url.length() - 1) {
        return url.substring(colon + 1).strip();
      }
    }
    return null;
  }

  /**
   * The manifest digest: {@code container_metadata.tag.digest}, else the version's
   * {@code version} or {@code name}, which GitHub sets to the digest for container packages.
   * A candidate that is not a valid digest is skipped (octokit's recorded example carries a
   * 40-hex "sha256:" value there).
   */
  private static Digest digest(GithubPayload.Version version) {
    GithubPayload.ContainerMetadata metadata = version.containerMetadata();
    String tagDigest = metadata != null && metadata.tag() != null ? metadata.tag().digest() : null;
    return Stream.of(tagDigest, version.version(), version.name())
        .filter(GithubExtractor::notBlank)
        .map(GithubExtractor::parseDigest)
        .filter(d -> d != null)
        .findFirst().orElse(null);
  }

  private static Digest parseDigest(String value) {
    try {
      return Digest.parse(value.strip());
    } catch (InvalidReferenceException e) {
      return null;
    }
  }

  private static boolean notBlank(String value) {
    return value != null && !value.isBlank();
  }
}

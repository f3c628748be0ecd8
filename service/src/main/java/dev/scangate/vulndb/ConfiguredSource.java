package dev.scangate.vulndb;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A source imported on schedule: its name, what it is and where. */
record ConfiguredSource(String name, ImportKind kind, String location) {

  /**
   * The sources of the configuration: each {@code sources} entry, or else one mirror URL per
   * ecosystem.
   *
   * @throws IllegalArgumentException when a local source does not exist
   */
  static List<ConfiguredSource> of(VulndbProperties properties) {
    List<ConfiguredSource> sources = new ArrayList<>();
    if (properties.sources().isEmpty()) {
      for (String ecosystem : properties.ecosystems()) {
        sources.add(new ConfiguredSource("osv:" + ecosystem, ImportKind.URL,
            properties.mirrorUrl(ecosystem)));
      }
      return List.copyOf(sources);
    }
    for (String source : properties.sources()) {
      String lower = source.toLowerCase(Locale.ROOT);
      if (lower.startsWith("https://") || lower.startsWith("http://")) {
        sources.add(new ConfiguredSource(source, ImportKind.URL, source));
        continue;
      }
      Path path = Path.of(source);
      if (Files.isDirectory(path)) {
        sources.add(new ConfiguredSource(source, ImportKind.DIRECTORY, path.toString()));
      } else if (Files.isRegularFile(path)) {
        sources.add(new ConfiguredSource(source, ImportKind.ZIP, path.toString()));
      } else {
        throw new IllegalArgumentException("scangate.vulndb.sources: \"" + source
            + "\" is neither an http(s) URL nor an existing zip, JSON file or directory");
      }
    }
    return List.copyOf(sources);
  }
}

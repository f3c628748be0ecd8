package dev.scangate.vuln;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The matchers in use, in the configured order. Built once at startup from an explicit list;
 * two matchers with the same id are a configuration error.
 *
 * <pre>{@code
 * MatcherRegistry registry = new MatcherRegistry(List.of(osv, grype, trivy));
 * registry.find("grype").orElseThrow();
 * }</pre>
 */
public record MatcherRegistry(List<Matcher> matchers) {

  public MatcherRegistry {
    matchers = List.copyOf(matchers);
    Map<String, Matcher> byId = new LinkedHashMap<>();
    for (Matcher matcher : matchers) {
      String id = Objects.requireNonNull(matcher.id(), "matcher id");
      Matcher previous = byId.putIfAbsent(id, matcher);
      if (previous != null) {
        throw new IllegalArgumentException("two matchers with id '" + id + "': "
            + previous.getClass().getName() + " and " + matcher.getClass().getName());
      }
    }
  }

  /** The matcher with this id, if configured. */
  public Optional<Matcher> find(String id) {
    for (Matcher matcher : matchers) {
      if (matcher.id().equals(id)) {
        return Optional.of(matcher);
      }
    }
    return Optional.empty();
  }

  /** The ids, in order. */
  public List<String> ids() {
    List<String> ids = new ArrayList<>();
    for (Matcher matcher : matchers) {
      ids.add(matcher.id());
    }
    return List.copyOf(ids);
  }
}

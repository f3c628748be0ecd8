package dev.scangate.osv;

import java.util.EnumMap;
import java.util.Map;

/** A component's version, parsed at most once per scheme while its candidates are checked. */
final class InstalledVersion {

  private final String text;
  private final Map<VersionScheme, Object> parsed = new EnumMap<>(VersionScheme.class);

  InstalledVersion(String text) {
    this.text = text;
  }

  String text() {
    return text;
  }

  /**
   * @throws InvalidVersionException when the version is not valid in {@code scheme} (the
   *     failure is remembered too)
   */
  ParsedVersion in(VersionScheme scheme) {
    Object value = parsed.get(scheme);
    if (value == null) {
      try {
        value = scheme.parse(text);
      } catch (InvalidVersionException e) {
        value = e;
      }
      parsed.put(scheme, value);
    }
    if (value instanceof InvalidVersionException) {
      throw (InvalidVersionException) value;
    }
    return (ParsedVersion) value;
  }
}

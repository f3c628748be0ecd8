package dev.scangate.catalog.layers;

import java.util.ArrayList;
import java.util.List;

/**
 * Lexical normalization of tar entry names and hard link targets: {@code ./usr//bin/../lib/x}
 * becomes {@code [usr, lib, x]}. Names are relative to the image root whether or not they start
 * with {@code /} (the layer spec stores them relative; some writers add {@code ./} or {@code /}).
 * A name whose {@code ..} would climb above the root is refused rather than clamped: no
 * well-formed layer contains one, and silently moving the entry elsewhere would hide what the
 * layer tried to do (https://github.com/opencontainers/image-spec/blob/main/layer.md#filesystem-layers).
 */
final class EntryPath {

  /** Linux PATH_MAX: a longer name cannot be created by a container runtime either. */
  static final int MAX_LENGTH = 4096;

  private EntryPath() {
  }

  /**
   * The components of a normalized entry name; empty for the root ({@code .}, {@code ./},
   * {@code /}); null when the name escapes the root.
   */
  static List<String> components(String name) {
    List<String> components = new ArrayList<>();
    int start = 0;
    int length = name.length();
    while (start <= length) {
      int slash = name.indexOf('/', start);
      int end = slash < 0 ? length : slash;
      if (end > start) {
        String component = name.substring(start, end);
        if (component.equals("..")) {
          if (components.isEmpty()) {
            return null;
          }
          components.remove(components.size() - 1);
        } else if (!component.equals(".")) {
          components.add(component);
        }
      }
      if (slash < 0) {
        break;
      }
      start = slash + 1;
    }
    return components;
  }

  /** {@code /a/b} for {@code [a, b]}, {@code /} for none. */
  static String join(List<String> components) {
    if (components.isEmpty()) {
      return "/";
    }
    StringBuilder path = new StringBuilder();
    for (String component : components) {
      path.append('/').append(component);
    }
    return path.toString();
  }

  /** {@code parent + "/" + name} without doubling the root's slash. */
  static String child(String parent, String name) {
    return parent.equals("/") ? "/" + name : parent + "/" + name;
  }
}

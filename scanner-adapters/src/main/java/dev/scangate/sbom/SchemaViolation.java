package dev.scangate.sbom;

/**
 * One place where a document breaks its schema.
 *
 * @param location a JSON path such as {@code $.components[3].purl}, or {@code line 12, column 5}
 *     for XML
 * @param message what is wrong there, as the validator says it
 */
public record SchemaViolation(String location, String message) {

  /**
   * Turns a JSON Pointer (RFC 6901, as the validator reports locations) into the JSONPath form
   * users read: {@code /components/3/purl} becomes {@code $.components[3].purl}.
   */
  static String jsonPath(String pointer) {
    StringBuilder path = new StringBuilder("$");
    if (pointer == null || pointer.isEmpty() || pointer.equals("/")) {
      return path.toString();
    }
    for (String segment : pointer.substring(1).split("/", -1)) {
      String name = segment.replace("~1", "/").replace("~0", "~");
      if (name.matches("0|[1-9][0-9]*")) {
        path.append('[').append(name).append(']');
      } else if (name.matches("[A-Za-z_$][A-Za-z0-9_$-]*")) {
        path.append('.').append(name);
      } else {
        path.append("['").append(name.replace("'", "\\'")).append("']");
      }
    }
    return path.toString();
  }

  @Override
  public String toString() {
    return location + ": " + message;
  }
}

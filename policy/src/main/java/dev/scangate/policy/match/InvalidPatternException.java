package dev.scangate.policy.match;

/**
 * A glob, package URL pattern, version or version range that cannot be parsed. The message
 * quotes the input and shows a valid example.
 */
public class InvalidPatternException extends IllegalArgumentException {

  private final String input;

  public InvalidPatternException(String input, String problem, String example) {
    super("invalid pattern \"" + input + "\": " + problem + " (example: " + example + ")");
    this.input = input;
  }

  /** The text that was rejected. */
  public String input() {
    return input;
  }
}

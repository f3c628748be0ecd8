package dev.scangate.image;

/**
 * A reference, digest or platform string that does not follow its grammar. The message quotes the
 * input and shows a valid example, so it can be returned to the caller as is.
 */
public class InvalidReferenceException extends IllegalArgumentException {

  private final String input;
  private final String rule;

  public InvalidReferenceException(String input, String rule, String example) {
    super("\"" + input + "\" is invalid: " + rule
        + (example.isEmpty() ? "" : " (example: " + example + ")"));
    this.input = input;
    this.rule = rule;
  }

  /** The string as the caller gave it. */
  public String input() {
    return input;
  }

  /** The rule the input broke, without the input itself. */
  public String rule() {
    return rule;
  }
}

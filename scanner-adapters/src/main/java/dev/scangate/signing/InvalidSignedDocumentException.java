package dev.scangate.signing;

import java.nio.charset.StandardCharsets;

/**
 * A signed document (DSSE envelope, in-toto statement, simple signing payload, Sigstore bundle)
 * could not be read. The message names the document and the rule it broke, quotes the start of
 * the input and shows what a valid one looks like, e.g.
 * {@code DSSE envelope: "signatures" must be a non-empty array; input: {"payloadType":"applic…;
 * expected e.g. {"payloadType":"application/vnd.in-toto+json","payload":"<base64>","signatures":[{"keyid":"","sig":"<base64>"}]}}.
 *
 * <pre>{@code
 * try {
 *   DsseEnvelope envelope = DsseEnvelope.parse(bytes);
 * } catch (InvalidSignedDocumentException e) {
 *   problems.add(e.getMessage());
 * }
 * }</pre>
 */
public class InvalidSignedDocumentException extends IllegalArgumentException {

  private static final int QUOTED_CHARS = 80;

  private final String document;
  private final String rule;

  public InvalidSignedDocumentException(String document, String rule, byte[] input,
      String example) {
    super(document + ": " + rule + "; input: " + quote(input) + "; expected e.g. " + example);
    this.document = document;
    this.rule = rule;
  }

  /** Which kind of document, e.g. {@code DSSE envelope}. */
  public String document() {
    return document;
  }

  /** The rule the input broke. */
  public String rule() {
    return rule;
  }

  private static String quote(byte[] input) {
    if (input == null) {
      return "none";
    }
    String text = new String(input, 0, Math.min(input.length, QUOTED_CHARS * 4),
        StandardCharsets.UTF_8);
    StringBuilder quoted = new StringBuilder();
    text.codePoints().limit(QUOTED_CHARS).forEach(cp -> quoted.appendCodePoint(
        Character.isISOControl(cp) ? ' ' : cp));
    return quoted + (text.codePointCount(0, text.length()) > QUOTED_CHARS
        || input.length > QUOTED_CHARS * 4 ? "…" : "");
  }
}

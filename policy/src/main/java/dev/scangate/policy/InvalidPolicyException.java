package dev.scangate.policy;

/**
 * A policy document that is not valid JSON or not a valid policy; the message says where and
 * shows the expected shape. (Rules that parse but do not compile are reported by
 * {@link PolicyCompileException}.)
 */
public class InvalidPolicyException extends IllegalArgumentException {

  public InvalidPolicyException(String message) {
    super(message);
  }

  public InvalidPolicyException(String message, Throwable cause) {
    super(message, cause);
  }
}

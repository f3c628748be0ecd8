package dev.scangate.audit;

/**
 * The result of walking the audit chain.
 *
 * @param valid whether every event's hash and link checked out
 * @param events how many events were checked (up to and including a broken one)
 * @param head the last event checked: its id and hash (record it elsewhere to detect later
 *     removal of the newest events, which no chain can show by itself)
 * @param firstBroken the first event whose hash or link does not match, or null
 */
public record AuditVerification(boolean valid, long events, Link head, Broken firstBroken) {

  /** An event's position and hash. */
  public record Link(long id, String hash) {
  }

  /** Where the chain breaks and how. */
  public record Broken(long id, String reason, String expectedHash, String storedHash) {
  }
}

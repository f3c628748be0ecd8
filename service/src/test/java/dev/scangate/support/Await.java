package dev.scangate.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for something the application does in the background (a notification, a re-read). */
public final class Await {

  private Await() {
  }

  /**
   * Polls {@code condition} until it holds.
   *
   * @throws AssertionError naming {@code what} when it does not hold within {@code timeout}
   */
  public static void until(BooleanSupplier condition, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long pause = Math.max(20, Math.min(200, timeout.toMillis() / 100));
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + timeout.toSeconds() + " s: " + what);
      }
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}

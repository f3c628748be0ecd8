package dev.scangate.registry;

import java.time.Duration;

/**
 * Waits between attempts. Injected so that tests record the waits instead of sleeping.
 *
 * <pre>{@code
 * List<Duration> waits = new ArrayList<>();
 * new RegistryClient(settings, credentials, Clock.systemUTC(), waits::add);
 * }</pre>
 */
@FunctionalInterface
public interface Sleeper {

  void sleep(Duration duration) throws InterruptedException;

  /** Sleeps the current thread. */
  static Sleeper system() {
    return duration -> Thread.sleep(duration.toMillis());
  }
}

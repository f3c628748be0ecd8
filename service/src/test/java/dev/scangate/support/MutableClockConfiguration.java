package dev.scangate.support;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Only a clock tests can move, for end-to-end tests that otherwise run the application as it
 * is (the real findings store, waivers, promotions). Import it; a nested test configuration
 * would be registered after the application's own clock.
 */
@TestConfiguration(proxyBeanMethods = false)
public class MutableClockConfiguration {

  @Bean
  MutableClock clock() {
    return new MutableClock();
  }
}

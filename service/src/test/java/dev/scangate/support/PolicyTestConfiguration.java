package dev.scangate.support;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * What the policy, waiver and promotion scenario tests add to the application: a findings
 * source they set per scan from real recorded reports, and a clock they can move.
 */
@TestConfiguration(proxyBeanMethods = false)
public class PolicyTestConfiguration {

  /** Replaces the findings store for scenario tests that need particular findings. */
  @Bean
  @Primary
  RecordedFindings recordedFindings() {
    return new RecordedFindings();
  }

  @Bean
  MutableClock clock() {
    return new MutableClock();
  }
}

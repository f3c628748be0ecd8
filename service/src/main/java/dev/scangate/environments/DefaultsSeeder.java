package dev.scangate.environments;

import dev.scangate.policies.PolicyService;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * At first start: the shipped policy as policy "default" (version 1), and the environments
 * dev → staging → prod bound to it. Runs on every start and does nothing once they exist.
 */
@Component
class DefaultsSeeder implements ApplicationRunner {

  private final PolicyService policies;
  private final EnvironmentService environments;

  DefaultsSeeder(PolicyService policies, EnvironmentService environments) {
    this.policies = policies;
    this.environments = environments;
  }

  @Override
  public void run(ApplicationArguments args) {
    environments.seedDefaults(policies.seedDefault());
  }
}

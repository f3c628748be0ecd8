package dev.scangate.policies;

import dev.scangate.policy.EvaluationLimits;
import dev.scangate.policy.PolicyCompiler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The one policy compiler of the application (its program cache is shared by all versions). */
@Configuration(proxyBeanMethods = false)
class PolicyConfiguration {

  @Bean
  PolicyCompiler policyCompiler() {
    return new PolicyCompiler(EvaluationLimits.DEFAULT, 4096);
  }
}

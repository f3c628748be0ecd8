package dev.scangate.findings;

import dev.scangate.grype.GrypeMatcher;
import dev.scangate.grype.GrypeSettings;
import dev.scangate.process.ProcessRunner;
import dev.scangate.trivy.TrivyMatcher;
import dev.scangate.trivy.TrivySettings;
import dev.scangate.vuln.DatabaseUpdates;
import dev.scangate.vuln.Matcher;
import dev.scangate.vuln.MatcherRegistry;
import dev.scangate.vulndb.OsvFindingMatcher;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The matchers of the match stage: OSV always, then Grype and Trivy where configured. */
@Configuration(proxyBeanMethods = false)
class ScannerConfiguration {

  @Bean
  MatcherRegistry matcherRegistry(OsvFindingMatcher osv, ScannerProperties properties) {
    List<Matcher> matchers = new ArrayList<>();
    matchers.add(osv);
    ProcessRunner runner = new ProcessRunner();
    ScannerProperties.Grype grype = properties.grype();
    if (grype.binary() != null) {
      try {
        matchers.add(new GrypeMatcher(new GrypeSettings(grype.binary(), grype.dbDirectory(),
            grype.offline() ? DatabaseUpdates.NEVER : DatabaseUpdates.AUTO, grype.timeout(),
            grype.maxOutputSize().toBytes(), grype.concurrency(), null, grype.environment()),
            runner));
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException("scangate.scanners.grype: " + e.getMessage(), e);
      }
    }
    ScannerProperties.Trivy trivy = properties.trivy();
    if (trivy.binary() != null) {
      try {
        matchers.add(new TrivyMatcher(new TrivySettings(trivy.binary(), trivy.cacheDirectory(),
            trivy.offline() ? DatabaseUpdates.NEVER : DatabaseUpdates.AUTO, trivy.timeout(),
            trivy.maxOutputSize().toBytes(), trivy.concurrency(), null, trivy.environment()),
            runner));
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException("scangate.scanners.trivy: " + e.getMessage(), e);
      }
    }
    return new MatcherRegistry(matchers);
  }
}

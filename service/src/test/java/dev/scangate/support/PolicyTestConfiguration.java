package dev.scangate.support;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.security.Principal;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;

/**
 * What the policy, waiver and promotion tests add to the application: the recorded findings
 * source, a clock they can move, and test users. The API has no authentication yet; the filter
 * stands in for it by taking the user of a request from the {@value #USER_HEADER} header, so the
 * four-eyes rules can be exercised with two users.
 */
@TestConfiguration(proxyBeanMethods = false)
public class PolicyTestConfiguration {

  public static final String USER_HEADER = "X-Test-User";

  /** Replaces the findings store for scenario tests that need particular findings. */
  @Bean
  @org.springframework.context.annotation.Primary
  RecordedFindings recordedFindings() {
    return new RecordedFindings();
  }

  @Bean
  MutableClock clock() {
    return new MutableClock();
  }

  @Bean
  FilterRegistrationBean<Filter> testUsers() {
    Filter filter = (request, response, chain) -> {
      HttpServletRequest http = (HttpServletRequest) request;
      String user = http.getHeader(USER_HEADER);
      if (user == null || user.isBlank()) {
        chain.doFilter(request, response);
        return;
      }
      Principal principal = () -> user;
      chain.doFilter(new HttpServletRequestWrapper(http) {
        @Override
        public Principal getUserPrincipal() {
          return principal;
        }
      }, response);
    };
    return new FilterRegistrationBean<>(filter);
  }
}

package dev.scangate.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scangate.platform.PublicEndpoint;
import dev.scangate.platform.RequiresAuthority;
import dev.scangate.support.ScangateIT;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every request mapping of the running application declares who may call it: scangate's own
 * handler methods carry exactly one of {@link RequiresAuthority} or {@link PublicEndpoint}, and
 * the only other handlers are the framework's known ones (API docs, error page).
 */
class EndpointDeclarationIT extends ScangateIT {

  /** Framework handlers, reachable as the security filter chain allows (docs are public). */
  static final Set<String> FRAMEWORK_HANDLERS = Set.of(
      "org.springdoc.webmvc.api.OpenApiWebMvcResource",
      "org.springdoc.webmvc.ui.SwaggerConfigResource",
      "org.springdoc.webmvc.ui.SwaggerWelcomeWebMvc",
      "org.springframework.boot.webmvc.autoconfigure.error.BasicErrorController");

  @Autowired
  @Qualifier("requestMappingHandlerMapping")
  RequestMappingHandlerMapping mappings;

  @Test
  void everyEndpointDeclaresTheAuthorityItNeeds() {
    Map<RequestMappingInfo, HandlerMethod> handlers = mappings.getHandlerMethods();
    List<String> undeclared = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    int own = 0;
    for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : handlers.entrySet()) {
      HandlerMethod method = entry.getValue();
      String type = method.getBeanType().getName();
      if (!type.startsWith(AuthorityInterceptor.OWN_PACKAGE)) {
        if (!FRAMEWORK_HANDLERS.contains(type)) {
          unknown.add(entry.getKey() + " -> " + type);
        }
        continue;
      }
      own++;
      boolean requires = method.hasMethodAnnotation(RequiresAuthority.class);
      boolean open = method.hasMethodAnnotation(PublicEndpoint.class);
      if (requires == open) {
        undeclared.add(entry.getKey() + " -> " + method.getShortLogMessage()
            + (requires ? " declares both" : " declares neither"));
      }
    }
    assertThat(own).as("scangate's own endpoints found").isGreaterThan(15);
    assertThat(undeclared).as("endpoints without exactly one of @RequiresAuthority or"
        + " @PublicEndpoint").isEmpty();
    assertThat(unknown).as("handlers of unknown third-party controllers").isEmpty();
  }

  @Test
  void publicEndpointsAreOnlyTheSelfAuthenticatedDoorsAndTheSession() {
    List<String> publicPaths = new ArrayList<>();
    mappings.getHandlerMethods().forEach((info, method) -> {
      if (method.hasMethodAnnotation(PublicEndpoint.class)) {
        publicPaths.addAll(info.getPatternValues());
      }
    });
    assertThat(publicPaths).allSatisfy(path -> assertThat(path)
        .matches("/api/v1/webhooks/.*|/k8s/.*|/api/v1/session"));
  }
}

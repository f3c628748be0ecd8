package dev.scangate.security;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Declares bearer tokens in the OpenAPI document, so Swagger UI's "Authorize" sends one. */
@Configuration(proxyBeanMethods = false)
class OpenApiSecurity {

  static final String SCHEME = "apiToken";

  @Bean
  OpenAPI scangateOpenApi() {
    return new OpenAPI()
        .info(new Info().title("scangate API").version("v1"))
        .components(new Components().addSecuritySchemes(SCHEME, new SecurityScheme()
            .type(SecurityScheme.Type.HTTP).scheme("bearer")
            .description("an API token (sgt_…); see docs/security.md")))
        .addSecurityItem(new SecurityRequirement().addList(SCHEME));
  }
}

package dev.scangate.platform;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The authority a controller method needs. Every handler method of the API carries this or
 * {@link PublicEndpoint}; a method with neither is refused at runtime and fails a test.
 *
 * <pre>{@code
 * @RequiresAuthority(Authority.READ)
 * @GetMapping("/api/v1/scans/{id}")
 * ScanView get(@PathVariable UUID id) { … }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface RequiresAuthority {
  Authority value();
}

package dev.scangate.platform;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A handler method reachable without an API token or session, with the reason why: it
 * authenticates its callers itself (webhook secrets) or is protected outside the application
 * (the admission webhook behind TLS in the cluster).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface PublicEndpoint {
  /** Why no token is needed, e.g. "authenticated per source by its webhook secret". */
  String value();
}

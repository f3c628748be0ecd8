package dev.scangate.platform;

import java.security.Principal;

/**
 * Who made a request, as recorded in the database: the authenticated principal's name, or
 * {@value #ANONYMOUS} when the request was not authenticated.
 */
public final class Actors {

  /** The actor recorded for an unauthenticated request. */
  public static final String ANONYMOUS = "anonymous";

  private Actors() {
  }

  /** The principal's name, or {@value #ANONYMOUS}. */
  public static String of(Principal principal) {
    if (principal == null || principal.getName() == null || principal.getName().isBlank()) {
      return ANONYMOUS;
    }
    return principal.getName();
  }

  /** Whether the actor is a named user (not {@value #ANONYMOUS}). */
  public static boolean isAuthenticated(String actor) {
    return actor != null && !actor.isBlank() && !ANONYMOUS.equals(actor);
  }

  /** The actor without its kind: {@code token:ci} and {@code user:ci} are both {@code ci}. */
  public static String bareName(String actor) {
    if (actor == null) {
      return "";
    }
    int colon = actor.indexOf(':');
    return colon < 0 ? actor : actor.substring(colon + 1);
  }
}

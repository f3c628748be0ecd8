package dev.scangate.registry;

import java.util.List;

/**
 * The registry has no such manifest or repository (404, {@code MANIFEST_UNKNOWN},
 * {@code NAME_UNKNOWN}). The message names the tag or digest that was asked for:
 * {@code pulling manifest nope of 127.0.0.1:5000/app: 404 Not Found (MANIFEST_UNKNOWN: manifest unknown)}.
 */
public class ManifestNotFoundException extends RegistryException {

  public ManifestNotFoundException(String action, int status, List<RegistryError> errors) {
    super(action, describe(status, errors), status, errors, false, null);
  }
}

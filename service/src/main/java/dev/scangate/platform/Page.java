package dev.scangate.platform;

import java.util.List;

/** The API's paged list shape: {@code {items, page, size, total}}. */
public record Page<T>(List<T> items, int page, int size, long total) {

  public static final int MAX_SIZE = 200;

  public Page {
    items = List.copyOf(items);
  }

  /** Checks page and size query parameters, throwing a 400 naming the bad one. */
  public static void validate(int page, int size) {
    if (page < 0) {
      throw new ApiException(ProblemType.VALIDATION_FAILED, "page must be >= 0, got " + page);
    }
    if (size < 1 || size > MAX_SIZE) {
      throw new ApiException(ProblemType.VALIDATION_FAILED,
          "size must be between 1 and " + MAX_SIZE + ", got " + size);
    }
  }
}

package dev.scangate.registry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Parses {@code Retry-After} (RFC 9110 section 10.2.3): delay-seconds or an HTTP-date. All three
 * date formats a recipient must accept (section 5.6.7) are read: IMF-fixdate, RFC 850 and asctime.
 */
final class RetryAfter {

  private static final DateTimeFormatter RFC_850 =
      DateTimeFormatter.ofPattern("EEEE, dd-MMM-yy HH:mm:ss 'GMT'", Locale.ENGLISH)
          .withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter ASCTIME =
      DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ENGLISH);

  private RetryAfter() {
  }

  /**
   * @return how long to wait from {@code clock}'s now; a date in the past gives zero; empty for
   *     an absent or unparsable value
   */
  static Optional<Duration> parse(String value, Clock clock) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    String text = value.strip();
    if (text.chars().allMatch(Character::isDigit)) {
      try {
        return Optional.of(Duration.ofSeconds(Long.parseLong(text)));
      } catch (NumberFormatException e) {
        return Optional.of(Duration.ofSeconds(Long.MAX_VALUE / 1_000_000_000L));
      }
    }
    Instant at = parseDate(text);
    if (at == null) {
      return Optional.empty();
    }
    Duration wait = Duration.between(clock.instant(), at);
    return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
  }

  private static Instant parseDate(String text) {
    for (DateTimeFormatter format : List.of(DateTimeFormatter.RFC_1123_DATE_TIME, RFC_850)) {
      try {
        return ZonedDateTime.parse(text, format).toInstant();
      } catch (DateTimeParseException e) {
        // try the next format
      }
    }
    try {
      return LocalDateTime.parse(text, ASCTIME).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}

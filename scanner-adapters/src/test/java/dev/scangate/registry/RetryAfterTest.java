package dev.scangate.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RetryAfterTest {

  private final Clock clock =
      Clock.fixed(Instant.parse("2015-10-21T07:28:00Z"), ZoneOffset.UTC);

  @Test
  void readsDelaySeconds() {
    assertThat(RetryAfter.parse("120", clock)).contains(Duration.ofSeconds(120));
    assertThat(RetryAfter.parse(" 0 ", clock)).contains(Duration.ZERO);
  }

  // The three HTTP-date formats of RFC 9110 section 5.6.7, all 10 s after the clock.
  @ParameterizedTest
  @ValueSource(strings = {"Wed, 21 Oct 2015 07:28:10 GMT", "Wednesday, 21-Oct-15 07:28:10 GMT",
      "Wed Oct 21 07:28:10 2015"})
  void readsHttpDatesRelativeToTheClock(String value) {
    assertThat(RetryAfter.parse(value, clock)).contains(Duration.ofSeconds(10));
  }

  @Test
  void aDateInThePastMeansNoWait() {
    assertThat(RetryAfter.parse("Wed, 21 Oct 2015 07:27:00 GMT", clock)).contains(Duration.ZERO);
  }

  @ParameterizedTest
  @CsvSource(value = {"''", "soon", "-5", "1.5", "Wed, 32 Oct 2015 07:28:00 GMT"},
      nullValues = "NULL")
  void ignoresValuesItCannotRead(String value) {
    assertThat(RetryAfter.parse(value, clock)).isEmpty();
  }

  @Test
  void ignoresAbsentHeader() {
    assertThat(RetryAfter.parse(null, clock)).isEmpty();
  }

  @Test
  void hugeDelaysDoNotOverflow() {
    assertThat(RetryAfter.parse("99999999999999999999999", clock)).get()
        .satisfies(d -> assertThat(d).isGreaterThan(Duration.ofDays(365)));
  }
}

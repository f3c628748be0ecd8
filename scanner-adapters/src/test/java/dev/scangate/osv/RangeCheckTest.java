package dev.scangate.osv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The OSV evaluation algorithm on hand-made ranges, one rule at a time. */
class RangeCheckTest {

  @Test
  void introducedZeroAndFixedBoundAHalfOpenRange() {
    OsvAffected entry = semver(OsvEvent.introduced("0"), OsvEvent.fixed("1.0.2"));
    assertThat(affected(entry, "0.0.1")).isTrue();
    assertThat(affected(entry, "1.0.2-rc.1")).isTrue();
    assertThat(affected(entry, "1.0.2")).isFalse();
    assertThat(affected(entry, "2.0.0")).isFalse();
  }

  @Test
  void severalIntervalsInOneRange() {
    OsvAffected entry = semver(OsvEvent.introduced("1.0.0"), OsvEvent.fixed("1.0.2"),
        OsvEvent.introduced("3.0.0"), OsvEvent.fixed("3.2.5"));
    assertThat(affected(entry, "0.9.0")).isFalse();
    assertThat(affected(entry, "1.0.1")).isTrue();
    assertThat(affected(entry, "2.0.0")).isFalse();
    assertThat(affected(entry, "3.2.4")).isTrue();
    assertThat(affected(entry, "3.2.5")).isFalse();
    assertThat(check(entry, "1.0.1").fixed()).containsExactly("1.0.2", "3.2.5");
    assertThat(check(entry, "3.0.0").fixed()).containsExactly("3.2.5");
  }

  @Test
  void eventsAreSortedBeforeTheyAreWalked() {
    OsvAffected entry = semver(OsvEvent.fixed("2.0.0"), OsvEvent.introduced("1.0.0"));
    assertThat(affected(entry, "1.5.0")).isTrue();
    assertThat(affected(entry, "2.0.0")).isFalse();
  }

  @Test
  void eventsAtOneVersionKeepTheRecordsTimeline() {
    // fixed in 2.0.0 and reintroduced in 2.0.0: 2.0.0 is affected
    OsvAffected reintroduced = semver(OsvEvent.introduced("1.0.0"), OsvEvent.fixed("2.0.0"),
        OsvEvent.introduced("2.0.0"), OsvEvent.fixed("3.0.0"));
    assertThat(affected(reintroduced, "2.0.0")).isTrue();
    // introduced and fixed in the same version: nothing is affected
    OsvAffected empty = semver(OsvEvent.introduced("1.0.0"), OsvEvent.fixed("1.0.0"));
    assertThat(affected(empty, "1.0.0")).isFalse();
  }

  @Test
  void lastAffectedIncludesItsVersion() {
    OsvAffected entry = semver(OsvEvent.introduced("0"),
        new OsvEvent(OsvEvent.Kind.LAST_AFFECTED, "2.1.214"));
    assertThat(affected(entry, "2.1.214")).isTrue();
    assertThat(affected(entry, "2.1.215")).isFalse();
    assertThat(check(entry, "2.1.0").fixed()).isEmpty();
  }

  @Test
  void limitsBoundTheRange() {
    OsvAffected limited = semver(OsvEvent.introduced("1.0.0"),
        new OsvEvent(OsvEvent.Kind.LIMIT, "2.0.0"));
    assertThat(affected(limited, "1.9.9")).isTrue();
    assertThat(affected(limited, "2.0.0")).isFalse();
    OsvAffected unlimited = semver(OsvEvent.introduced("1.0.0"),
        new OsvEvent(OsvEvent.Kind.LIMIT, "*"));
    assertThat(affected(unlimited, "99.0.0")).isTrue();
  }

  @Test
  void gitRangesAreNotEvaluatedButVersionListsAre() {
    OsvAffected entry = new OsvAffected(new OsvPackage("npm", "x", null),
        List.of(new OsvRange(OsvRange.GIT, "https://github.com/x/x",
            List.of(OsvEvent.introduced("0"), OsvEvent.fixed("a1b2c3")))),
        List.of("1.0.0", "1.0.1"), List.of());
    assertThat(check(entry, "1.0.1").listed()).isTrue();
    assertThat(check(entry, "1.0.1").ranges()).isEmpty();
    assertThat(affected(entry, "1.0.2")).isFalse();
  }

  @Test
  void aRangeWithAnUnreadableEventIsReportedAndSkipped() {
    OsvAffected entry = new OsvAffected(new OsvPackage("npm", "x", null), List.of(
        new OsvRange(OsvRange.ECOSYSTEM, null,
            List.of(OsvEvent.introduced("0"), OsvEvent.fixed("not-a-version"))),
        new OsvRange(OsvRange.ECOSYSTEM, null,
            List.of(OsvEvent.introduced("0"), OsvEvent.fixed("2.0.0")))),
        List.of(), List.of());
    RangeCheck.Result result = check(entry, "1.0.0");
    assertThat(result.affected()).isTrue();
    assertThat(result.ranges()).hasSize(1);
    assertThat(result.problems()).singleElement().asString()
        .startsWith("ranges[0] not evaluated: invalid npm version \"not-a-version\"");
  }

  @Test
  void anUnreadableInstalledVersionIsAnError() {
    OsvAffected entry = semver(OsvEvent.introduced("0"));
    assertThatThrownBy(() -> check(entry, "banana"))
        .isInstanceOf(InvalidVersionException.class).hasMessageContaining("\"banana\"");
  }

  @Test
  void ecosystemRangesUseTheEcosystemsOrdering() {
    OsvAffected debian = new OsvAffected(new OsvPackage("Debian:12", "glibc", null),
        List.of(new OsvRange(OsvRange.ECOSYSTEM, null,
            List.of(OsvEvent.introduced("0"), OsvEvent.fixed("2.36-9+deb12u14")))),
        List.of(), List.of());
    assertThat(RangeCheck.check(debian, EcosystemFamily.DEBIAN,
        new InstalledVersion("2.36-9+deb12u3")).affected()).isTrue();
    assertThat(RangeCheck.check(debian, EcosystemFamily.DEBIAN,
        new InstalledVersion("2.36-9+deb12u14")).affected()).isFalse();
  }

  private static OsvAffected semver(OsvEvent... events) {
    return new OsvAffected(new OsvPackage("npm", "x", null),
        List.of(new OsvRange(OsvRange.SEMVER, null, List.of(events))), List.of(), List.of());
  }

  private static RangeCheck.Result check(OsvAffected entry, String version) {
    return RangeCheck.check(entry, EcosystemFamily.NPM, new InstalledVersion(version));
  }

  private static boolean affected(OsvAffected entry, String version) {
    return check(entry, version).affected();
  }
}

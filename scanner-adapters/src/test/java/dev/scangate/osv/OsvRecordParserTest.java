package dev.scangate.osv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class OsvRecordParserTest {

  private final OsvRecordParser parser = new OsvRecordParser();

  @Test
  void readsEveryRealFixtureRecord() {
    for (String file : OsvFixtures.FILES) {
      OsvRecord record = OsvFixtures.record(file);
      assertThat(record.id()).as(file).isNotBlank();
      assertThat(record.affected()).as(file).isNotEmpty();
      assertThat(record.isWithdrawn()).as(file).isFalse();
    }
  }

  @Test
  void readsLog4ShellsAliasesSeverityAndRanges() {
    OsvRecord record = OsvFixtures.record("GHSA-jfh8-c2jp-5v3q.json");
    assertThat(record.id()).isEqualTo("GHSA-jfh8-c2jp-5v3q");
    assertThat(record.modified()).isEqualTo(Instant.parse("2022-03-25T20:56:18Z"));
    assertThat(record.aliases()).containsExactly("CVE-2021-44228");
    assertThat(record.databaseSeverity()).isEqualTo("CRITICAL");
    assertThat(record.severity()).singleElement().satisfies(s -> {
      assertThat(s.type()).isEqualTo("CVSS_V3");
      assertThat(s.baseScore()).hasValue(10.0);
      assertThat(s.rating()).hasValue("CRITICAL");
    });
    assertThat(record.affected()).hasSize(3);
    assertThat(record.affected().get(0).pkg())
        .isEqualTo(new OsvPackage("Maven", "org.apache.logging.log4j:log4j-core", null));
    assertThat(record.affected().get(0).ranges().get(0).events())
        .containsExactly(OsvEvent.introduced("2.13.0"), OsvEvent.fixed("2.15.0"));
  }

  @Test
  void readsDebianPurlsPythonVersionListsAndGitRanges() {
    OsvRecord dsa = OsvFixtures.record("DSA-5474-1.json");
    assertThat(dsa.ecosystems()).containsExactly("Debian:11", "Debian:12");
    assertThat(dsa.affected().get(1).pkg().purl())
        .isEqualTo("pkg:deb/debian/intel-microcode?arch=source");
    OsvRecord pysec = OsvFixtures.record("PYSEC-2023-120.json");
    assertThat(pysec.affected().get(0).versions()).hasSize(219).contains("3.8.4", "0.1");
    assertThat(pysec.affected().get(0).ranges().get(0).events()).extracting(OsvEvent::kind)
        .containsExactly(OsvEvent.Kind.INTRODUCED, OsvEvent.Kind.LAST_AFFECTED,
            OsvEvent.Kind.INTRODUCED, OsvEvent.Kind.LAST_AFFECTED);
    OsvRecord go = OsvFixtures.record("GO-2024-2687.json");
    assertThat(go.modified()).isEqualTo(Instant.parse("0001-01-01T00:00:00Z"));
  }

  @Test
  void cvssScoresFollowTheV3Formulas() {
    // published NVD/GitHub scores of these vectors
    assertThat(new OsvSeverity("CVSS_V3", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")
        .baseScore()).hasValue(9.8);
    assertThat(new OsvSeverity("CVSS_V3", "CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H")
        .baseScore()).hasValue(7.2);
    assertThat(new OsvSeverity("CVSS_V3", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L")
        .baseScore()).hasValue(5.3);
    assertThat(new OsvSeverity("CVSS_V3", "CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:H/A:N")
        .baseScore()).hasValue(5.9);
    // temporal metrics and a trailing slash, as in GHSA-f5pg-7wfw-84q9
    assertThat(OsvFixtures.record("GHSA-f5pg-7wfw-84q9.json").severity().get(0).baseScore())
        .hasValue(9.8);
    assertThat(new OsvSeverity("CVSS_V3", "CVSS:3.1/AV:N/AC:L").baseScore()).isEmpty();
    assertThat(new OsvSeverity("CVSS_V4",
        "CVSS:4.0/AV:N/AC:L/AT:N/PR:H/UI:N/VC:L/VI:L/VA:N/SC:N/SI:N/SA:N").baseScore()).isEmpty();
  }

  @Test
  void ignoresUnknownFieldsAndReadsWithdrawn() throws Exception {
    OsvRecord record = parse("{\"id\":\"X-1\",\"modified\":\"2024-01-01T00:00:00+00:00\","
        + "\"withdrawn\":\"2024-02-01T00:00:00Z\",\"future_field\":{\"a\":[1,2]},"
        + "\"affected\":[{\"package\":{\"ecosystem\":\"npm\",\"name\":\"x\",\"new\":1},"
        + "\"ranges\":[{\"type\":\"SEMVER\",\"events\":[{\"introduced\":\"0\",\"note\":\"n\"}]}]}]}");
    assertThat(record.isWithdrawn()).isTrue();
    assertThat(record.withdrawn()).isEqualTo(Instant.parse("2024-02-01T00:00:00Z"));
    assertThat(record.affected().get(0).ranges().get(0).events())
        .containsExactly(OsvEvent.introduced("0"));
  }

  @Test
  void rejectsRecordsWithoutIdOrModified() {
    assertThatThrownBy(() -> parse("{\"modified\":\"2024-01-01T00:00:00Z\"}"))
        .isInstanceOf(InvalidOsvRecordException.class)
        .hasMessage("missing required field id");
    assertThatThrownBy(() -> parse("{\"id\":\"GHSA-x\"}"))
        .hasMessage("record GHSA-x: missing required field modified");
    assertThatThrownBy(() -> parse("{\"id\":\"GHSA-x\",\"modified\":\"yesterday\"}"))
        .hasMessageContaining("modified is not an RFC 3339 timestamp: \"yesterday\"");
    assertThatThrownBy(() -> parse("{\"id\":\"\",\"modified\":\"2024-01-01T00:00:00Z\"}"))
        .hasMessageContaining("id must be a non-empty string");
  }

  @Test
  void rejectsMalformedAffectedEntries() {
    String head = "{\"id\":\"X-2\",\"modified\":\"2024-01-01T00:00:00Z\",\"affected\":";
    assertThatThrownBy(() -> parse(head + "[{\"package\":{\"name\":\"x\"}}]}"))
        .hasMessage("record X-2: missing required field affected[0].package.ecosystem");
    assertThatThrownBy(() -> parse(head + "[{\"ranges\":[{\"type\":\"SEMVER\",\"events\":"
        + "[{\"introduced\":\"1.0.0\",\"fixed\":\"1.0.2\"}]}]}]}"))
        .hasMessageContaining("affected[0].ranges[0].events[0] has both introduced and fixed");
    assertThatThrownBy(() -> parse(head + "[{\"ranges\":[{\"type\":\"SEMVER\"}]}]}"))
        .hasMessageContaining("missing required field affected[0].ranges[0].events");
    assertThatThrownBy(() -> parse(head + "{\"package\":{}}}"))
        .hasMessageContaining("affected must be an array");
  }

  @Test
  void reportsInvalidJsonAsSuch() {
    assertThatThrownBy(() -> parse("{\"id\": \"X\", "))
        .isInstanceOfSatisfying(InvalidOsvRecordException.class,
            e -> assertThat(e.kind()).isEqualTo(ImportIssue.Kind.INVALID_JSON))
        .hasMessageStartingWith("not valid JSON");
    assertThatThrownBy(() -> parse(""))
        .isInstanceOfSatisfying(InvalidOsvRecordException.class,
            e -> assertThat(e.kind()).isEqualTo(ImportIssue.Kind.INVALID_JSON));
    assertThatThrownBy(() -> parse("[1]"))
        .isInstanceOfSatisfying(InvalidOsvRecordException.class,
            e -> assertThat(e.kind()).isEqualTo(ImportIssue.Kind.INVALID_RECORD));
  }

  private OsvRecord parse(String json) throws InvalidOsvRecordException {
    return parser.parse(json.getBytes(StandardCharsets.UTF_8));
  }
}

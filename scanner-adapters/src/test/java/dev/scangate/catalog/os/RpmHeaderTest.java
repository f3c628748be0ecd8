package dev.scangate.catalog.os;

import static dev.scangate.catalog.os.OsFixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RpmHeaderTest {

  @Test
  void readsTheTagsOfRealHeaders() throws SQLException {
    List<String> read = new ArrayList<>();
    for (byte[] blob : realBlobs()) {
      RpmHeader header = RpmHeader.parse(blob);
      read.add(header.string(RpmHeader.NAME).orElseThrow() + " "
          + header.int32(RpmHeader.EPOCH).map(String::valueOf).orElse("-") + " "
          + header.string(RpmHeader.VERSION).orElseThrow() + " "
          + header.string(RpmHeader.ARCH).orElse("-"));
    }

    assertThat(read).hasSize(5).contains("scangate-data - 2024.1 noarch",
        "scangate-demo 2 1.4.2 x86_64", "scangate-tools - 0.9 x86_64",
        "scangate-tools-libs - 0.9 x86_64")
        // the key's id, as rpm --import names it, and no architecture
        .anySatisfy(line -> assertThat(line).matches("gpg-pubkey - [0-9a-f]{8} -"));
  }

  @Test
  void rejectsHeadersThatPointOutsideThemselves() throws SQLException {
    byte[] real = realBlobs().get(0);

    assertThatThrownBy(() -> RpmHeader.parse(new byte[] {0, 0, 0, 1}))
        .hasMessage("header of 4 bytes is too short");
    assertThatThrownBy(() -> RpmHeader.parse(header(0, 0, new int[0], new byte[0])))
        .hasMessage("header claims 0 entries and 0 data bytes");
    assertThatThrownBy(() -> RpmHeader.parse(header(0x7fffffff, 16, new int[0], new byte[16])))
        .hasMessage("header claims 2147483647 entries and 16 data bytes");
    assertThatThrownBy(() -> RpmHeader.parse(java.util.Arrays.copyOf(real, real.length - 1)))
        .hasMessage("header needs " + real.length + " bytes but has " + (real.length - 1));
    assertThatThrownBy(() -> RpmHeader.parse(
        header(1, 4, new int[] {1000, 6, 9, 1}, "abc\0".getBytes(StandardCharsets.US_ASCII))))
        .hasMessage("header entry 0 (tag 1000) has type 6, offset 9, count 1 outside the header");
    assertThatThrownBy(() -> RpmHeader.parse(
        header(1, 4, new int[] {1000, 17, 0, 1}, "abc\0".getBytes(StandardCharsets.US_ASCII))))
        .hasMessageContaining("has type 17");
  }

  @Test
  void rejectsValuesThatRunPastTheData() {
    RpmHeader unterminated = RpmHeader.parse(
        header(1, 3, new int[] {1000, 6, 0, 1}, "abc".getBytes(StandardCharsets.US_ASCII)));
    RpmHeader shortInt = RpmHeader.parse(header(1, 3, new int[] {1003, 4, 0, 1}, new byte[3]));
    RpmHeader wrongType = RpmHeader.parse(
        header(1, 4, new int[] {1003, 6, 0, 1}, "abc\0".getBytes(StandardCharsets.US_ASCII)));

    assertThatThrownBy(() -> unterminated.string(1000))
        .hasMessage("string of tag 1000 runs past the header");
    assertThatThrownBy(() -> shortInt.int32(1003))
        .hasMessage("INT32 of tag 1003 runs past the header");
    assertThatThrownBy(() -> wrongType.int32(1003))
        .hasMessage("tag 1003 has type 6 and count 1, not an INT32");
    assertThat(wrongType.string(1000)).isEmpty();
  }

  /** A hand-made header: il, dl, the index entries (4 ints each) and the data. */
  private static byte[] header(int il, int dl, int[] entries, byte[] data) {
    ByteBuffer buffer = ByteBuffer.allocate(8 + entries.length * 4 + data.length);
    buffer.putInt(il).putInt(dl);
    for (int value : entries) {
      buffer.putInt(value);
    }
    return buffer.put(data).array();
  }

  private static List<byte[]> realBlobs() throws SQLException {
    List<byte[]> blobs = new ArrayList<>();
    String url = "jdbc:sqlite:file:" + resource("rpm/sqlite/var/lib/rpm/rpmdb.sqlite")
        + "?mode=ro&immutable=1";
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT blob FROM Packages ORDER BY hnum")) {
      while (rows.next()) {
        blobs.add(rows.getBytes(1));
      }
    }
    return blobs;
  }
}

package dev.scangate.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Expected strings are what Go 1.22+ {@code json.Marshal} writes for the same values. */
class GoJsonTest {

  @Test
  void escapesControlAndHtmlCharactersAsGoDoes() {
    String input = "q\" b\\ \b\f\n\r\t \u0001 \u001f <>& \u007f é \u2028\u2029 \uD83D\uDD11";

    String json = GoJson.string(new StringBuilder(), input).toString();

    assertThat(json).isEqualTo("\"q\\\" b\\\\ \\b\\f\\n\\r\\t \\u0001 \\u001f \\u003c\\u003e"
        + "\\u0026 \u007f é \\u2028\\u2029 \uD83D\uDD11\"");
  }

  @Test
  void replacesALoneSurrogateLikeInvalidUtf8() {
    assertThat(GoJson.string(new StringBuilder(), "a\uD800b").toString())
        .isEqualTo("\"a\\ufffdb\"");
  }

  @Test
  void sortsMapKeysByTheirUtf8Bytes() {
    // U+FF5E sorts before U+1F511 in UTF-8, after it in UTF-16.
    Map<String, Object> map = Map.of("\uD83D\uDD11", 1, "\uFF5E", 2, "B", 3, "a", List.of());

    assertThat(GoJson.value(new StringBuilder(), map).toString())
        .isEqualTo("{\"B\":3,\"a\":[],\"\uFF5E\":2,\"\uD83D\uDD11\":1}");
  }

  @Test
  void refusesFloatingPointItCannotFormatLikeGo() {
    assertThatThrownBy(() -> GoJson.value(new StringBuilder(), 1.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Double");
  }
}

package dev.scangate.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One challenge of a {@code WWW-Authenticate} header (RFC 9110 section 11.6.1):
 * {@code Bearer realm="https://auth.example/token",service="registry.example",scope="repository:app:pull"}.
 *
 * <p>Parsed by the RFC's grammar rather than by position: the scheme is case-insensitive,
 * parameters come in any order with optional whitespace around {@code =} and commas, values are
 * tokens or quoted strings (which may hold commas and backslash escapes), and one header may hold
 * several challenges ({@code Basic realm="x", Bearer realm="y"}). The distribution spec sends
 * Bearer challenges as described in
 * https://distribution.github.io/distribution/spec/auth/token/#how-to-authenticate.
 *
 * @param scheme the auth scheme, lowercased
 * @param params parameters with lowercased names
 */
record AuthChallenge(String scheme, Map<String, String> params) {

  AuthChallenge {
    params = Map.copyOf(params);
  }

  String param(String name) {
    return params.get(name);
  }

  boolean isBearer() {
    return "bearer".equals(scheme);
  }

  boolean isBasic() {
    return "basic".equals(scheme);
  }

  /** Parses every challenge of every given header value; malformed parts are skipped. */
  static List<AuthChallenge> parseAll(List<String> headerValues) {
    List<AuthChallenge> challenges = new ArrayList<>();
    for (String value : headerValues) {
      new Parser(value).parseInto(challenges);
    }
    return List.copyOf(challenges);
  }

  private static final class Parser {
    private final String s;
    private int pos;

    Parser(String s) {
      this.s = s;
    }

    void parseInto(List<AuthChallenge> out) {
      while (true) {
        skipSeparators();
        if (pos >= s.length()) {
          return;
        }
        String scheme = token();
        if (scheme.isEmpty()) {
          pos++; // not a token character: skip it and resynchronize
          continue;
        }
        Map<String, String> params = new LinkedHashMap<>();
        while (true) {
          skipSeparators();
          int start = pos;
          String name = token();
          if (name.isEmpty()) {
            break;
          }
          skipWhitespace();
          if (pos >= s.length() || s.charAt(pos) != '=') {
            pos = start; // a token without '=' begins the next challenge
            break;
          }
          pos++;
          skipWhitespace();
          String value;
          if (pos < s.length() && s.charAt(pos) == '"') {
            value = quoted();
          } else {
            value = bareValue();
          }
          params.putIfAbsent(name.toLowerCase(Locale.ROOT), value);
        }
        out.add(new AuthChallenge(scheme.toLowerCase(Locale.ROOT), params));
      }
    }

    private void skipWhitespace() {
      while (pos < s.length() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t')) {
        pos++;
      }
    }

    private void skipSeparators() {
      while (pos < s.length()
          && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t' || s.charAt(pos) == ',')) {
        pos++;
      }
    }

    // token = 1*tchar (RFC 9110 section 5.6.2)
    private String token() {
      int start = pos;
      while (pos < s.length() && isTchar(s.charAt(pos))) {
        pos++;
      }
      return s.substring(start, pos);
    }

    // A token by the RFC; read leniently up to the next comma or space, since some servers send
    // unquoted URLs.
    private String bareValue() {
      int start = pos;
      while (pos < s.length() && s.charAt(pos) != ',' && s.charAt(pos) != ' '
          && s.charAt(pos) != '\t') {
        pos++;
      }
      return s.substring(start, pos);
    }

    private String quoted() {
      StringBuilder value = new StringBuilder();
      pos++; // opening quote
      while (pos < s.length()) {
        char c = s.charAt(pos++);
        if (c == '\\' && pos < s.length()) {
          value.append(s.charAt(pos++));
        } else if (c == '"') {
          return value.toString();
        } else {
          value.append(c);
        }
      }
      return value.toString(); // unterminated: keep what was there
    }

    private static boolean isTchar(char c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }
  }
}

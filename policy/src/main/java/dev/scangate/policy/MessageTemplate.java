package dev.scangate.policy;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelVariableResolver;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A rule message: literal text with <code>{{ expression }}</code> placeholders, each a CEL
 * expression checked when the rule is compiled. Values render as text: strings as they are,
 * lists joined with {@code ", "}, timestamps in ISO-8601. A placeholder that fails at run time
 * renders as {@code <error: …>}: a message never turns a failed rule into an error. An
 * expression cannot contain <code>}}</code>; write <code>} }</code>. A literal
 * <code>{{</code> is written <code>{{"{{"}}</code>.
 */
final class MessageTemplate {

  /** A piece of a template: literal text, or an expression starting at {@code offset}. */
  record Segment(String text, int offset, boolean expression) {
  }

  /** A template syntax error at a character offset of the template. */
  static final class SyntaxError extends Exception {
    final int offset;

    SyntaxError(int offset, String message) {
      super(message);
      this.offset = offset;
    }
  }

  private final List<Segment> segments;
  private final List<CompiledExpression> expressions;

  MessageTemplate(List<Segment> segments, List<CompiledExpression> expressions) {
    this.segments = List.copyOf(segments);
    this.expressions = new ArrayList<>(expressions);
  }

  /** Whether a placeholder may read this variable. */
  boolean reads(String variable) {
    for (CompiledExpression e : expressions) {
      if (e != null && e.reads(variable)) {
        return true;
      }
    }
    return false;
  }

  static List<Segment> split(String template) throws SyntaxError {
    List<Segment> out = new ArrayList<>();
    int pos = 0;
    while (pos < template.length()) {
      int open = template.indexOf("{{", pos);
      if (open < 0) {
        out.add(new Segment(template.substring(pos), pos, false));
        break;
      }
      if (open > pos) {
        out.add(new Segment(template.substring(pos, open), pos, false));
      }
      int close = template.indexOf("}}", open + 2);
      if (close < 0) {
        throw new SyntaxError(open, "placeholder opened with {{ is not closed with }}");
      }
      String inner = template.substring(open + 2, close);
      if (inner.isBlank()) {
        throw new SyntaxError(open, "empty placeholder {{}}");
      }
      int lead = 0;
      while (Character.isWhitespace(inner.charAt(lead))) {
        lead++;
      }
      out.add(new Segment(inner.strip(), open + 2 + lead, true));
      pos = close + 2;
    }
    return out;
  }

  String render(CelVariableResolver variables, CostMeter meter) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < segments.size(); i++) {
      Segment segment = segments.get(i);
      if (!segment.expression()) {
        s.append(segment.text());
        continue;
      }
      try {
        s.append(text(expressions.get(i).evaluate(variables, meter)));
      } catch (CelEvaluationException | RuntimeException e) {
        s.append("<error: ").append(e.getMessage()).append('>');
      }
    }
    return s.toString();
  }

  private static String text(Object value) {
    if (value instanceof Collection) {
      return ((Collection<?>) value).stream().map(MessageTemplate::text)
          .collect(Collectors.joining(", "));
    }
    if (value instanceof com.google.protobuf.Timestamp) {
      com.google.protobuf.Timestamp t = (com.google.protobuf.Timestamp) value;
      return Instant.ofEpochSecond(t.getSeconds(), t.getNanos()).toString();
    }
    return String.valueOf(value);
  }
}

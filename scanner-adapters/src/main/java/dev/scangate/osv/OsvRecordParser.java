package dev.scangate.osv;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Reads OSV JSON (https://ossf.github.io/osv-schema/) into {@link OsvRecord}s: unknown fields
 * are ignored (newer schema versions only add fields), required ones are checked: {@code id},
 * {@code modified} (RFC 3339), and within {@code affected[]} a package's {@code ecosystem} and
 * {@code name}, a range's {@code type} and {@code events}, and events with exactly one of
 * {@code introduced}, {@code fixed}, {@code last_affected}, {@code limit}.
 *
 * <pre>{@code
 * OsvRecordParser parser = new OsvRecordParser();
 * OsvRecord record = parser.parse(Files.readAllBytes(Path.of("GHSA-jfh8-c2jp-5v3q.json")));
 * }</pre>
 *
 * <p>Thread-safe: one parser can serve many threads.
 */
public final class OsvRecordParser {

  private final JsonMapper mapper = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  /**
   * @throws InvalidOsvRecordException when the bytes are not JSON or not a usable OSV record
   */
  public OsvRecord parse(byte[] json) throws InvalidOsvRecordException {
    return parse(tree(json));
  }

  /** The JSON tree of a document, for callers that look at its shape first. */
  JsonNode tree(byte[] json) throws InvalidOsvRecordException {
    JsonNode tree;
    try {
      tree = mapper.readTree(json);
    } catch (JacksonException e) {
      throw new InvalidOsvRecordException(ImportIssue.Kind.INVALID_JSON,
          "not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (tree == null || tree.isMissingNode()) {
      throw new InvalidOsvRecordException(ImportIssue.Kind.INVALID_JSON, "empty document");
    }
    return tree;
  }

  /** Serializes a tree back to JSON bytes (an element of a JSON array file). */
  byte[] bytes(JsonNode tree) {
    return mapper.writeValueAsBytes(tree);
  }

  OsvRecord parse(JsonNode root) throws InvalidOsvRecordException {
    if (!root.isObject()) {
      throw invalid("the document is a JSON " + root.getNodeType().name().toLowerCase(Locale.ROOT)
          + ", not an OSV record object");
    }
    JsonNode idNode = root.get("id");
    if (idNode == null || idNode.isNull()) {
      throw invalid("missing required field id");
    }
    if (!idNode.isString() || idNode.stringValue().isBlank()) {
      throw invalid("id must be a non-empty string, not " + idNode);
    }
    String id = idNode.stringValue();
    Fields fields = new Fields(id);
    JsonNode modifiedNode = root.get("modified");
    if (modifiedNode == null || modifiedNode.isNull()) {
      throw fields.invalid("missing required field modified");
    }
    Instant modified = fields.timestamp("modified", modifiedNode);
    JsonNode withdrawnNode = root.get("withdrawn");
    Instant withdrawn = withdrawnNode == null || withdrawnNode.isNull() ? null
        : fields.timestamp("withdrawn", withdrawnNode);
    Instant published = lenientTimestamp(root.get("published"));
    List<OsvAffected> affected = new ArrayList<>();
    JsonNode affectedNode = fields.array(root, "affected");
    for (int i = 0; i < affectedNode.size(); i++) {
      affected.add(fields.affected(affectedNode.get(i), "affected[" + i + "]"));
    }
    JsonNode databaseSeverity = root.path("database_specific").path("severity");
    return new OsvRecord(id, modified, published, withdrawn,
        fields.strings(root, "aliases"), fields.strings(root, "upstream"),
        fields.strings(root, "related"), fields.optionalString(root, "summary"),
        fields.severities(root, "severity"), affected,
        databaseSeverity.isString() ? databaseSeverity.stringValue() : null,
        fields.optionalString(root, "schema_version"));
  }

  private static InvalidOsvRecordException invalid(String message) {
    return new InvalidOsvRecordException(ImportIssue.Kind.INVALID_RECORD, message);
  }

  /** {@code published} is informative only: an unreadable one is left out, not fatal. */
  private static Instant lenientTimestamp(JsonNode node) {
    if (node == null || !node.isString()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(node.stringValue()).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** Field readers that name the record and the field path in their errors. */
  private static final class Fields {

    private final String id;

    Fields(String id) {
      this.id = id;
    }

    InvalidOsvRecordException invalid(String message) {
      return new InvalidOsvRecordException(ImportIssue.Kind.INVALID_RECORD,
          "record " + id + ": " + message);
    }

    Instant timestamp(String path, JsonNode node) throws InvalidOsvRecordException {
      if (!node.isString()) {
        throw invalid(path + " must be an RFC 3339 timestamp string, not " + node);
      }
      try {
        return OffsetDateTime.parse(node.stringValue()).toInstant();
      } catch (DateTimeParseException e) {
        throw invalid(path + " is not an RFC 3339 timestamp: \"" + node.stringValue()
            + "\" (example: \"2021-12-10T00:40:56Z\")");
      }
    }

    /** An array, or an empty array when absent or null. */
    JsonNode array(JsonNode parent, String field) throws InvalidOsvRecordException {
      JsonNode node = parent.get(field);
      if (node == null || node.isNull()) {
        return JsonNodeFactory.instance.arrayNode();
      }
      if (!node.isArray()) {
        throw invalid(field + " must be an array, not " + abbreviate(node));
      }
      return node;
    }

    List<String> strings(JsonNode parent, String field) throws InvalidOsvRecordException {
      return strings(parent, field, field);
    }

    List<String> strings(JsonNode parent, String field, String path)
        throws InvalidOsvRecordException {
      JsonNode array = array(parent, field);
      List<String> values = new ArrayList<>(array.size());
      for (int i = 0; i < array.size(); i++) {
        JsonNode value = array.get(i);
        if (!value.isString()) {
          throw invalid(path + "[" + i + "] must be a string, not " + abbreviate(value));
        }
        values.add(value.stringValue());
      }
      return values;
    }

    String optionalString(JsonNode parent, String field) throws InvalidOsvRecordException {
      JsonNode node = parent.get(field);
      if (node == null || node.isNull()) {
        return null;
      }
      if (!node.isString()) {
        throw invalid(field + " must be a string, not " + abbreviate(node));
      }
      return node.stringValue();
    }

    String requiredString(JsonNode parent, String field, String path)
        throws InvalidOsvRecordException {
      JsonNode node = parent.get(field);
      if (node == null || node.isNull()) {
        throw invalid("missing required field " + path + "." + field);
      }
      if (!node.isString() || node.stringValue().isBlank()) {
        throw invalid(path + "." + field + " must be a non-empty string, not "
            + abbreviate(node));
      }
      return node.stringValue();
    }

    List<OsvSeverity> severities(JsonNode parent, String path)
        throws InvalidOsvRecordException {
      JsonNode array = array(parent, "severity");
      List<OsvSeverity> severities = new ArrayList<>(array.size());
      for (int i = 0; i < array.size(); i++) {
        String at = path + "[" + i + "]";
        JsonNode entry = object(array.get(i), at);
        severities.add(new OsvSeverity(requiredString(entry, "type", at),
            requiredString(entry, "score", at)));
      }
      return severities;
    }

    JsonNode object(JsonNode node, String path) throws InvalidOsvRecordException {
      if (!node.isObject()) {
        throw invalid(path + " must be an object, not " + abbreviate(node));
      }
      return node;
    }

    OsvAffected affected(JsonNode node, String path) throws InvalidOsvRecordException {
      object(node, path);
      OsvPackage pkg = null;
      JsonNode packageNode = node.get("package");
      if (packageNode != null && !packageNode.isNull()) {
        String at = path + ".package";
        object(packageNode, at);
        pkg = new OsvPackage(requiredString(packageNode, "ecosystem", at),
            requiredString(packageNode, "name", at), optionalString(packageNode, "purl"));
      }
      List<OsvRange> ranges = new ArrayList<>();
      JsonNode rangesNode = array(node, "ranges");
      for (int i = 0; i < rangesNode.size(); i++) {
        ranges.add(range(rangesNode.get(i), path + ".ranges[" + i + "]"));
      }
      return new OsvAffected(pkg, ranges, strings(node, "versions", path + ".versions"),
          severities(node, path + ".severity"));
    }

    OsvRange range(JsonNode node, String path) throws InvalidOsvRecordException {
      object(node, path);
      String type = requiredString(node, "type", path);
      JsonNode eventsNode = node.get("events");
      if (eventsNode == null || eventsNode.isNull()) {
        throw invalid("missing required field " + path + ".events");
      }
      if (!eventsNode.isArray()) {
        throw invalid(path + ".events must be an array, not " + abbreviate(eventsNode));
      }
      List<OsvEvent> events = new ArrayList<>(eventsNode.size());
      for (int i = 0; i < eventsNode.size(); i++) {
        events.add(event(eventsNode.get(i), path + ".events[" + i + "]"));
      }
      JsonNode repo = node.get("repo");
      return new OsvRange(type, repo != null && repo.isString() ? repo.stringValue() : null,
          events);
    }

    /** "Only a single type (either introduced, fixed, last_affected, limit) is allowed." */
    OsvEvent event(JsonNode node, String path) throws InvalidOsvRecordException {
      object(node, path);
      OsvEvent event = null;
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        OsvEvent.Kind kind = kind(field.getKey());
        if (kind == null) {
          continue;
        }
        if (event != null) {
          throw invalid(path + " has both " + event.kind().key() + " and " + kind.key()
              + "; an event has exactly one");
        }
        JsonNode value = field.getValue();
        if (!value.isString() || value.stringValue().isEmpty()) {
          throw invalid(path + "." + kind.key() + " must be a non-empty version string, not "
              + abbreviate(value));
        }
        event = new OsvEvent(kind, value.stringValue());
      }
      if (event == null) {
        throw invalid(path + " has none of introduced, fixed, last_affected, limit: "
            + abbreviate(node));
      }
      return event;
    }

    private static OsvEvent.Kind kind(String key) {
      for (OsvEvent.Kind kind : OsvEvent.Kind.values()) {
        if (kind.key().equals(key)) {
          return kind;
        }
      }
      return null;
    }
  }

  static String abbreviate(JsonNode node) {
    String text = node.toString();
    return text.length() <= 80 ? text : text.substring(0, 77) + "...";
  }
}

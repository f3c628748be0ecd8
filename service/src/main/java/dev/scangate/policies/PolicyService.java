package dev.scangate.policies;

import dev.scangate.audit.AuditLog;
import dev.scangate.platform.ApiException;
import dev.scangate.platform.ProblemType;
import dev.scangate.policy.CompiledPolicy;
import dev.scangate.policy.DefaultPolicy;
import dev.scangate.policy.InvalidPolicyException;
import dev.scangate.policy.PolicyCompileException;
import dev.scangate.policy.PolicyCompiler;
import dev.scangate.policy.PolicyJson;
import dev.scangate.policy.PolicyVersion;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Policies and their immutable versions. A version is compiled when it is saved (a version that
 * does not compile is never stored) and its compiled form is kept per version id; the compiler
 * itself caches programs by source hash, so versions sharing rules share programs.
 *
 * <pre>{@code
 * StoredPolicyVersion v = policies.latest(policyId).orElseThrow();
 * CompiledPolicy compiled = policies.compiled(v);
 * }</pre>
 */
@Service
public class PolicyService {

  /** The name of the policy seeded at first start from {@link DefaultPolicy}. */
  public static final String DEFAULT_POLICY = "default";

  private static final String DEFAULT_DESCRIPTION =
      "The policy scangate ships with (docs/policy.md)";
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");
  private static final Set<String> CREATE_KEYS = Set.of("name", "description", "rules");
  private static final Set<String> VERSION_KEYS = Set.of("rules");

  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final Clock clock;
  private final PolicyCompiler compiler;
  private final AuditLog audit;
  private final PolicyJson policyJson = new PolicyJson();
  private final JsonMapper json = JsonMapper.builder().build();
  private final Map<UUID, CompiledPolicy> compiledVersions = new ConcurrentHashMap<>();

  PolicyService(JdbcClient jdbc, TransactionTemplate tx, Clock clock, PolicyCompiler compiler,
      AuditLog audit) {
    this.jdbc = jdbc;
    this.tx = tx;
    this.clock = clock;
    this.compiler = compiler;
    this.audit = audit;
  }

  /** Creates a policy with its first version from {@code {name, description?, rules}}. */
  public StoredPolicyVersion create(JsonNode body, String actor) {
    requireObject(body, CREATE_KEYS, "{\"name\": \"team-a\", \"rules\": [ … ]}");
    JsonNode nameNode = body.path("name");
    if (!nameNode.isString() || !NAME.matcher(nameNode.stringValue()).matches()) {
      throw new ApiException(ProblemType.VALIDATION_FAILED, "name: must be 1-100 lowercase"
          + " letters, digits, '.', '_' or '-' (example: team-a)", Map.of("field", "name"));
    }
    String name = nameNode.stringValue();
    JsonNode description = body.path("description");
    if (!description.isMissingNode() && !description.isNull() && !description.isString()) {
      throw new ApiException(ProblemType.VALIDATION_FAILED, "description: must be a string",
          Map.of("field", "description"));
    }
    PolicyVersion version = parse(name, 1, body.path("rules"));
    compile(version);
    try {
      return tx.execute(s -> {
        UUID id = UUID.randomUUID();
        String text = description.isString() ? description.stringValue() : "";
        jdbc.sql("""
                insert into policies (id, name, description, created_at, created_by)
                values (:id, :name, :description, :now, :actor)""")
            .param("id", id).param("name", name).param("description", text)
            .param("now", Timestamp.from(clock.instant())).param("actor", actor).update();
        StoredPolicyVersion stored = insertVersion(id, version, actor);
        String auditor = AuditLog.currentActor();
        audit.recordAs(auditor, "policy.created", "policy", id.toString(),
            AuditLog.details("name", name, "description", text));
        recordVersion(auditor, stored);
        return stored;
      });
    } catch (DuplicateKeyException e) {
      throw new ApiException(ProblemType.CONFLICT, "name: a policy named \"" + name
          + "\" already exists; add a version to it instead", Map.of("field", "name"));
    }
  }

  /** Adds the next version of a policy from {@code {rules}}. */
  public StoredPolicyVersion addVersion(UUID policyId, JsonNode body, String actor) {
    requireObject(body, VERSION_KEYS, "{\"rules\": [ … ]}");
    return tx.execute(s -> {
      String name = jdbc.sql("select name from policies where id = :id for update")
          .param("id", policyId).query(String.class).optional()
          .orElseThrow(() -> notFound(policyId));
      int next = jdbc.sql("select coalesce(max(version), 0) + 1 from policy_versions"
          + " where policy_id = :id").param("id", policyId).query(Integer.class).single();
      PolicyVersion version = parse(name, next, body.path("rules"));
      compile(version);
      StoredPolicyVersion stored = insertVersion(policyId, version, actor);
      recordVersion(AuditLog.currentActor(), stored);
      return stored;
    });
  }

  /** Parses and compiles a draft next version without saving it (for impact previews). */
  public CompiledPolicy draft(UUID policyId, JsonNode body) {
    requireObject(body, VERSION_KEYS, "{\"rules\": [ … ]}");
    PolicyView policy = find(policyId).orElseThrow(() -> notFound(policyId));
    int next = policy.latestVersion() == null ? 1 : policy.latestVersion().version() + 1;
    return compile(parse(policy.name(), next, body.path("rules")));
  }

  /** Seeds {@link DefaultPolicy} as policy "default" unless a policy of that name exists. */
  public StoredPolicyVersion seedDefault() {
    return tx.execute(s -> {
      jdbc.sql("select pg_advisory_xact_lock(hashtext('scangate.policies.seed'))")
          .query(Object.class).optional();
      Optional<UUID> existing = jdbc.sql("select id from policies where name = :name")
          .param("name", DEFAULT_POLICY).query(UUID.class).optional();
      if (existing.isPresent()) {
        return latest(existing.get()).orElseThrow();
      }
      PolicyVersion shipped = DefaultPolicy.load();
      PolicyVersion version = new PolicyVersion(DEFAULT_POLICY, 1, shipped.rules());
      compile(version);
      UUID id = UUID.randomUUID();
      jdbc.sql("""
              insert into policies (id, name, description, created_at, created_by)
              values (:id, :name, :description, :now, 'scangate')""")
          .param("id", id).param("name", DEFAULT_POLICY)
          .param("description", DEFAULT_DESCRIPTION)
          .param("now", Timestamp.from(clock.instant())).update();
      StoredPolicyVersion stored = insertVersion(id, version, "scangate");
      audit.recordAs(AuditLog.SYSTEM, "policy.created", "policy", id.toString(),
          AuditLog.details("name", DEFAULT_POLICY, "description", DEFAULT_DESCRIPTION));
      recordVersion(AuditLog.SYSTEM, stored);
      return stored;
    });
  }

  public List<PolicyView> list() {
    return jdbc.sql(POLICY_SELECT + " order by p.name").query(PolicyService::policy).list();
  }

  public Optional<PolicyView> find(UUID id) {
    return jdbc.sql(POLICY_SELECT + " where p.id = :id").param("id", id)
        .query(PolicyService::policy).optional();
  }

  /** Every version of a policy, oldest first; empty when the policy does not exist. */
  public List<StoredPolicyVersion> versions(UUID policyId) {
    return jdbc.sql(VERSION_SELECT + " where v.policy_id = :id order by v.version")
        .param("id", policyId).query(this::mapVersion).list();
  }

  public Optional<StoredPolicyVersion> version(UUID versionId) {
    return jdbc.sql(VERSION_SELECT + " where v.id = :id").param("id", versionId)
        .query(this::mapVersion).optional();
  }

  /** A given version number of a policy. */
  public Optional<StoredPolicyVersion> version(UUID policyId, int number) {
    return jdbc.sql(VERSION_SELECT + " where v.policy_id = :id and v.version = :n")
        .param("id", policyId).param("n", number).query(this::mapVersion).optional();
  }

  public Optional<StoredPolicyVersion> latest(UUID policyId) {
    return jdbc.sql(VERSION_SELECT + " where v.policy_id = :id order by v.version desc limit 1")
        .param("id", policyId).query(this::mapVersion).optional();
  }

  /** The compiled form of a stored version, compiled once per version. */
  public CompiledPolicy compiled(StoredPolicyVersion version) {
    return compiledVersions.computeIfAbsent(version.id(), id -> compile(version.definition()));
  }

  /** The API error for a policy id that does not exist. */
  public static ApiException notFound(UUID policyId) {
    return new ApiException(ProblemType.NOT_FOUND, "no policy with id " + policyId);
  }

  private StoredPolicyVersion insertVersion(UUID policyId, PolicyVersion version, String actor) {
    UUID id = UUID.randomUUID();
    Instant now = clock.instant();
    jdbc.sql("""
            insert into policy_versions (id, policy_id, version, digest, document, created_at,
                                         created_by)
            values (:id, :policy, :version, :digest, :document, :now, :actor)""")
        .param("id", id).param("policy", policyId).param("version", version.version())
        .param("digest", version.digest()).param("document", version.canonicalJson())
        .param("now", Timestamp.from(now)).param("actor", actor).update();
    return new StoredPolicyVersion(id, policyId, version.policyName(), version.version(),
        version.digest(), now, actor, version);
  }

  private void recordVersion(String actor, StoredPolicyVersion version) {
    audit.recordAs(actor, "policy.version-added", "policy", version.policyId().toString(),
        AuditLog.details("name", version.policyName(), "version", version.version(),
            "digest", version.digest(), "versionId", version.id().toString()));
  }

  private PolicyVersion parse(String name, int number, JsonNode rules) {
    if (!rules.isArray()) {
      throw new ApiException(ProblemType.INVALID_POLICY,
          "rules: must be an array of rules (docs/policy.md)", Map.of("field", "rules"));
    }
    ObjectNode document = json.createObjectNode();
    document.put("policyName", name);
    document.put("version", number);
    document.set("rules", rules);
    try {
      return policyJson.parse(json.writeValueAsString(document));
    } catch (InvalidPolicyException e) {
      throw new ApiException(ProblemType.INVALID_POLICY, e.getMessage().replace("policy.rules",
          "rules"), Map.of("field", "rules"));
    }
  }

  private CompiledPolicy compile(PolicyVersion version) {
    try {
      return compiler.compile(version);
    } catch (PolicyCompileException e) {
      List<Map<String, Object>> problems = e.problems().stream().map(p -> {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ruleId", p.ruleId());
        m.put("part", p.part());
        m.put("line", p.line());
        m.put("column", p.column());
        m.put("message", p.message());
        return m;
      }).toList();
      String detail = e.problems().stream().map(Object::toString)
          .reduce((a, b) -> a + "; " + b).orElse(e.getMessage());
      throw new ApiException(ProblemType.INVALID_POLICY, detail, Map.of("problems", problems));
    }
  }

  private void requireObject(JsonNode body, Set<String> allowed, String example) {
    if (body == null || !body.isObject()) {
      throw new ApiException(ProblemType.MALFORMED_REQUEST, "the body must be a JSON object: "
          + example);
    }
    for (Map.Entry<String, JsonNode> entry : body.properties()) {
      String key = entry.getKey();
      if (!allowed.contains(key)) {
        throw new ApiException(ProblemType.VALIDATION_FAILED, key + ": unknown field; allowed: "
            + String.join(", ", allowed.stream().sorted().toList()), Map.of("field", key));
      }
    }
  }

  private static final String POLICY_SELECT = """
      select p.*, v.id as v_id, v.version as v_version, v.digest as v_digest
        from policies p
        left join lateral (select id, version, digest from policy_versions
                            where policy_id = p.id order by version desc limit 1) v on true""";

  private static final String VERSION_SELECT = """
      select v.*, p.name as policy_name from policy_versions v
        join policies p on p.id = v.policy_id""";

  private static PolicyView policy(ResultSet rs, int row) throws SQLException {
    PolicyView.Latest latest = rs.getObject("v_id") == null ? null
        : new PolicyView.Latest(rs.getObject("v_id", UUID.class), rs.getInt("v_version"),
            rs.getString("v_digest"));
    return new PolicyView(rs.getObject("id", UUID.class), rs.getString("name"),
        rs.getString("description"), rs.getTimestamp("created_at").toInstant(),
        rs.getString("created_by"), latest);
  }

  private StoredPolicyVersion mapVersion(ResultSet rs, int row) throws SQLException {
    PolicyVersion definition = policyJson.parse(rs.getString("document"));
    return new StoredPolicyVersion(rs.getObject("id", UUID.class),
        rs.getObject("policy_id", UUID.class), rs.getString("policy_name"), rs.getInt("version"),
        rs.getString("digest"), rs.getTimestamp("created_at").toInstant(),
        rs.getString("created_by"), definition);
  }
}

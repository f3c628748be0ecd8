package dev.scangate.policy;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelSourceLocation;
import dev.cel.common.CelValidationException;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.navigation.CelNavigableAst;
import dev.cel.common.navigation.CelNavigableExpr;
import dev.cel.common.types.CelType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerBuilder;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compiles policy versions: parses and type-checks every rule's expression, selector and message
 * placeholders against the policy input's declared types, and prepares the programs. Call it
 * when a policy version is saved; a version that does not compile is rejected with every
 * problem listed.
 *
 * <p>Expressions must type-check to {@code bool} (messages to anything). Unknown variables,
 * unknown fields of the input ({@code image.reposiotry}, {@code f.sevrity}), unknown functions,
 * and bad literal arguments of scangate's functions ({@code severity_at_least(f.severity,
 * "HIHG")}) are compile errors.
 *
 * <p>Programs are cached by the SHA-256 of their context and source in a bounded LRU map, so
 * recompiling a version, or a new version that shares rules with an old one, reuses them.
 *
 * <pre>{@code
 * PolicyCompiler compiler = new PolicyCompiler(EvaluationLimits.DEFAULT, 1024);
 * CompiledPolicy compiled = compiler.compile(DefaultPolicy.load());
 * }</pre>
 */
public final class PolicyCompiler {

  private final EvaluationLimits limits;
  private final Map<ExpressionContext, CelCompiler> compilers = new EnumMap<>(ExpressionContext.class);
  private final CelRuntime runtime;
  private final LruCache<String, CompiledExpression> programs;
  private final ConjunctEvaluation conjunctEvaluation;

  /** How selector conjuncts run; {@code CEL_ONLY} lets tests compare shortcuts with CEL. */
  enum ConjunctEvaluation {
    /** Conjuncts of the shapes {@link ConjunctShortcut} knows run as plain Java. */
    SHORTCUTS,
    /** Every conjunct runs through CEL's interpreter. */
    CEL_ONLY
  }

  /** A compiler with the default limits and a program cache of 1024 entries. */
  public PolicyCompiler() {
    this(EvaluationLimits.DEFAULT, 1024);
  }

  /**
   * @param limits the limits every compiled policy is evaluated with
   * @param programCacheSize how many compiled expressions to keep
   */
  public PolicyCompiler(EvaluationLimits limits, int programCacheSize) {
    this(limits, programCacheSize, ConjunctEvaluation.SHORTCUTS);
  }

  PolicyCompiler(EvaluationLimits limits, int programCacheSize, ConjunctEvaluation conjunctEvaluation) {
    this.limits = limits;
    this.conjunctEvaluation = conjunctEvaluation;
    this.programs = new LruCache<>(programCacheSize);
    PolicyFunctions functions = new PolicyFunctions();
    CelOptions options = CelOptions.current()
        .comprehensionMaxIterations(limits.maxIterationsPerEvaluation())
        // lets rules compare f.cvss >= 9 without writing 9.0
        .enableHeterogeneousNumericComparisons(true)
        .build();
    for (ExpressionContext context : ExpressionContext.values()) {
      CelCompilerBuilder builder = CelCompilerFactory.standardCelCompilerBuilder()
          .setOptions(options)
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          .setTypeProvider(PolicyTypes.PROVIDER)
          .addLibraries(CelExtensions.strings())
          .addFunctionDeclarations(functions.declarations());
      for (Map.Entry<String, CelType> var : PolicyTypes.variables(context).entrySet()) {
        builder.addVar(var.getKey(), var.getValue());
      }
      if (context.mustBeBool()) {
        builder.setResultType(SimpleType.BOOL);
      }
      compilers.put(context, builder.build());
    }
    this.runtime = CelRuntimeFactory.standardCelRuntimeBuilder()
        .setOptions(options)
        .addLibraries(CelExtensions.strings())
        .addFunctionBindings(functions.bindings())
        .build();
  }

  /**
   * Compiles every rule of the version.
   *
   * @throws PolicyCompileException listing every problem of every rule
   */
  public CompiledPolicy compile(PolicyVersion version) throws PolicyCompileException {
    List<PolicyCompileException.Problem> problems = new ArrayList<>();
    List<CompiledRule> rules = new ArrayList<>();
    for (Rule rule : version.rules()) {
      CompiledExpression selector = null;
      if (rule.hasFindingSelector()) {
        selector = compileExpression(rule.id(), ExpressionContext.SELECTOR,
            rule.findingSelector(), problems);
      }
      CompiledExpression expression = compileExpression(rule.id(),
          rule.hasFindingSelector() ? ExpressionContext.SELECTION : ExpressionContext.RULE,
          rule.expression(), problems);
      MessageTemplate message = compileMessage(rule, problems);
      rules.add(new CompiledRule(rule, expression, selector, message));
    }
    if (!problems.isEmpty()) {
      throw new PolicyCompileException(version.policyName(), version.version(), problems);
    }
    return new CompiledPolicy(version, rules, limits);
  }

  /** How many compiled expressions the cache holds; for tests and metrics. */
  public int cachedPrograms() {
    return programs.size();
  }

  private MessageTemplate compileMessage(Rule rule, List<PolicyCompileException.Problem> problems) {
    String template = rule.messageTemplate();
    List<MessageTemplate.Segment> segments;
    try {
      segments = MessageTemplate.split(template);
    } catch (MessageTemplate.SyntaxError e) {
      int[] at = lineColumn(template, e.offset);
      problems.add(new PolicyCompileException.Problem(rule.id(), "message", at[0], at[1], e.getMessage()));
      return null;
    }
    List<CompiledExpression> expressions = new ArrayList<>();
    for (MessageTemplate.Segment segment : segments) {
      if (!segment.expression()) {
        expressions.add(null);
        continue;
      }
      List<PolicyCompileException.Problem> found = new ArrayList<>();
      expressions.add(compileExpression(rule.id(), ExpressionContext.MESSAGE, segment.text(), found));
      for (PolicyCompileException.Problem p : found) {
        // report the position within the whole template, not within the placeholder
        int[] at = lineColumn(template, segment.offset() + offset(segment.text(), p.line(), p.column()));
        problems.add(new PolicyCompileException.Problem(p.ruleId(), p.part(), at[0], at[1], p.message()));
      }
    }
    return new MessageTemplate(segments, expressions);
  }

  private CompiledExpression compileExpression(String ruleId, ExpressionContext context,
      String source, List<PolicyCompileException.Problem> problems) {
    String key = context.name() + ":" + sha256(source);
    CompiledExpression cached = programs.getIfPresent(key);
    if (cached != null) {
      return cached;
    }
    // only programs that compiled are cached; problems are reported again on every attempt
    List<PolicyCompileException.Problem> found = new ArrayList<>();
    CompiledExpression fresh = doCompile(ruleId, context, source, found);
    if (found.isEmpty()) {
      programs.put(key, fresh);
      return fresh;
    }
    problems.addAll(found);
    return null;
  }

  private CompiledExpression doCompile(String ruleId, ExpressionContext context, String source,
      List<PolicyCompileException.Problem> problems) {
    CelAbstractSyntaxTree ast;
    try {
      ast = compilers.get(context).compile(source).getAst();
    } catch (CelValidationException e) {
      for (CelIssue issue : e.getErrors()) {
        CelSourceLocation at = issue.getSourceLocation();
        problems.add(new PolicyCompileException.Problem(ruleId, context.part(),
            Math.max(at.getLine(), 1), Math.max(at.getColumn(), 0) + 1, issue.getMessage()));
      }
      return null;
    }
    checkLiterals(ruleId, context, ast, problems);
    if (!problems.isEmpty()) {
      return null;
    }
    try {
      CelRuntime.Program program = runtime.createProgram(ast);
      List<CompiledExpression.Conjunct> conjuncts = new ArrayList<>();
      if (context == ExpressionContext.SELECTOR) {
        for (CelExpr part : conjuncts(ast.getExpr(), new ArrayList<>())) {
          CelAbstractSyntaxTree partAst = CelAbstractSyntaxTree.newCheckedAst(part,
              ast.getSource(), ast.getReferenceMap(), ast.getTypeMap());
          CelRuntime.Program partProgram = runtime.createProgram(partAst);
          ConjunctShortcut shortcut = conjunctEvaluation == ConjunctEvaluation.SHORTCUTS
              ? ConjunctShortcut.of(part, partProgram,
                  limits.maxIterationsPerEvaluation()).orElse(null) : null;
          conjuncts.add(new CompiledExpression.Conjunct(partProgram, findingPaths(partAst),
              shortcut));
        }
      }
      return new CompiledExpression(source, context, program, conjuncts, identifiers(ast));
    } catch (CelEvaluationException e) {
      problems.add(new PolicyCompileException.Problem(ruleId, context.part(), 1, 1, e.getMessage()));
      return null;
    }
  }

  /** Checks literal pattern, range, version and severity arguments of scangate's functions. */
  private static void checkLiterals(String ruleId, ExpressionContext context,
      CelAbstractSyntaxTree ast, List<PolicyCompileException.Problem> problems) {
    Iterator<CelNavigableExpr> nodes = CelNavigableAst.fromAst(ast).getRoot().allNodes().iterator();
    while (nodes.hasNext()) {
      CelExpr expr = nodes.next().expr();
      if (expr.exprKind().getKind() != CelExpr.ExprKind.Kind.CALL) {
        continue;
      }
      List<CelExpr> args = expr.call().args();
      for (int i = 0; i < args.size(); i++) {
        CelExpr arg = args.get(i);
        if (arg.exprKind().getKind() != CelExpr.ExprKind.Kind.CONSTANT
            || arg.constant().getKind() != CelConstant.Kind.STRING_VALUE) {
          continue;
        }
        Optional<String> problem = PolicyFunctions.checkLiteral(expr.call().function(), i,
            arg.constant().stringValue());
        if (problem.isPresent()) {
          Integer offset = ast.getSource().getPositionsMap().get(arg.id());
          CelSourceLocation at = offset == null ? CelSourceLocation.NONE
              : ast.getSource().getOffsetLocation(offset).orElse(CelSourceLocation.NONE);
          problems.add(new PolicyCompileException.Problem(ruleId, context.part(),
              Math.max(at.getLine(), 1), Math.max(at.getColumn(), 0) + 1, problem.get()));
        }
      }
    }
  }

  /** The identifiers an expression names. */
  private static Set<String> identifiers(CelAbstractSyntaxTree ast) {
    Set<String> names = new HashSet<>();
    Iterator<CelNavigableExpr> nodes = CelNavigableAst.fromAst(ast).getRoot().allNodes().iterator();
    while (nodes.hasNext()) {
      CelExpr expr = nodes.next().expr();
      if (expr.exprKind().getKind() == CelExpr.ExprKind.Kind.IDENT) {
        names.add(expr.ident().name());
      }
    }
    return names;
  }

  /** The operands of the top-level {@code &&} chain, in source order. */
  private static List<CelExpr> conjuncts(CelExpr expr, List<CelExpr> out) {
    if (expr.exprKind().getKind() == CelExpr.ExprKind.Kind.CALL
        && expr.call().function().equals("_&&_") && expr.call().target().isEmpty()) {
      for (CelExpr arg : expr.call().args()) {
        conjuncts(arg, out);
      }
    } else {
      out.add(expr);
    }
    return out;
  }

  /**
   * The paths of {@code f} an expression reads ({@code f.pkg.purl} gives {@code [pkg, purl]};
   * {@code has(f.cvss)} gives {@code [cvss]}), or null when it uses {@code f} other than through
   * a field (then every finding must be evaluated on its own). Identifiers named {@code f} bound
   * by an inner comprehension can only add paths, never hide a read.
   */
  static List<List<String>> findingPaths(CelAbstractSyntaxTree ast) {
    TreeSet<List<String>> paths = new TreeSet<>((a, b) -> String.join(".", a).compareTo(String.join(".", b)));
    Iterator<CelNavigableExpr> nodes = CelNavigableAst.fromAst(ast).getRoot().allNodes().iterator();
    while (nodes.hasNext()) {
      CelNavigableExpr node = nodes.next();
      CelExpr expr = node.expr();
      if (expr.exprKind().getKind() != CelExpr.ExprKind.Kind.IDENT || !expr.ident().name().equals("f")) {
        continue;
      }
      List<String> path = new ArrayList<>();
      CelNavigableExpr current = node;
      while (true) {
        Optional<CelNavigableExpr> parent = current.parent();
        if (parent.isEmpty() || parent.get().expr().exprKind().getKind() != CelExpr.ExprKind.Kind.SELECT
            || parent.get().expr().select().operand().id() != current.expr().id()) {
          break;
        }
        path.add(parent.get().expr().select().field());
        if (parent.get().expr().select().testOnly()) {
          break; // has(f.x.y) reads whether y is present: y's value (null when absent) decides
        }
        current = parent.get();
      }
      if (path.isEmpty()) {
        return null;
      }
      paths.add(List.copyOf(path));
    }
    return new ArrayList<>(paths);
  }

  private static int offset(String text, int line, int column) {
    int offset = 0;
    for (int l = 1; l < line; l++) {
      int nl = text.indexOf('\n', offset);
      if (nl < 0) {
        break;
      }
      offset = nl + 1;
    }
    return offset + column - 1;
  }

  private static int[] lineColumn(String text, int offset) {
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < offset && i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return new int[] {line, offset - lineStart + 1};
  }

  private static String sha256(String source) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(source.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("JRE without SHA-256", e);
    }
  }
}

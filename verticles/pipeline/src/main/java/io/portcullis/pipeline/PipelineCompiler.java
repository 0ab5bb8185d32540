package io.portcullis.pipeline;

import io.portcullis.config.InvalidConfigException;
import io.portcullis.config.PortcullisConfig;
import io.portcullis.config.PortcullisConfig.HandlerSwitch;
import io.portcullis.pipeline.errors.ErrorChain;
import io.portcullis.pipeline.errors.When;
import io.portcullis.pipeline.host.PluginHost;
import io.portcullis.pipeline.ratelimit.EdgeRateLimits;
import io.portcullis.rules.AccessRule;
import io.portcullis.rules.HandlerRef;
import io.portcullis.rules.MatchingStrategy;
import io.portcullis.rules.RuleException;
import io.portcullis.rules.RuleProblem;
import io.portcullis.rules.match.RuleSetIndex;
import io.portcullis.rules.template.Template;
import io.portcullis.rules.template.TemplateException;
import io.portcullis.spi.Authenticator;
import io.portcullis.spi.ConfigException;
import io.portcullis.spi.Authorizer;
import io.portcullis.spi.ErrorHandlerFactory;
import io.portcullis.spi.HandlerConfig;
import io.portcullis.spi.HandlerContext;
import io.portcullis.spi.Mutator;
import io.portcullis.spi.PluginServices;
import io.portcullis.spi.RequestTemplate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns parsed rules into {@link CompiledRule}s: each handler looked up by id, checked to be enabled, its global
 * config merged with the rule's, and created (which validates it). All problems of all rules are reported at once,
 * each naming the rule and the field.
 */
public final class PipelineCompiler {
  private final PortcullisConfig config;
  private final HandlerRegistry registry;
  private final MatchingStrategy strategy;
  private final List<ErrorChain.Entry> fallback;
  private final PluginHost host;
  private final EdgeRateLimits rateLimits;

  public PipelineCompiler(PortcullisConfig config, HandlerRegistry registry, PluginHost host) {
    this.config = config;
    this.registry = registry;
    this.host = host;
    this.strategy = MatchingStrategy.parse(config.accessRules().matchingStrategy());
    this.fallback = fallbackChain(config, registry, host);
    this.rateLimits = new EdgeRateLimits(config.portcullis().proxy().rateLimits());
  }

  public CompiledRuleSet compile(List<AccessRule> rules, long serial, String version) throws RuleException {
    List<RuleProblem> problems = new ArrayList<>();
    List<RuleSetIndex.Entry<CompiledRule>> entries = new ArrayList<>(rules.size());
    for (AccessRule rule : rules) {
      RuleCompilation c = new RuleCompilation(rule, problems);
      CompiledRule compiled = c.compile();
      if (compiled != null) {
        entries.add(new RuleSetIndex.Entry<>(rule, compiled));
      }
    }
    if (!problems.isEmpty()) {
      throw new RuleException(problems);
    }
    RuleSetIndex<CompiledRule> index = RuleSetIndex.build(entries, strategy);
    rateLimits.compiled(rules.stream().map(AccessRule::id).toList(), version);
    return new CompiledRuleSet(serial, version, index, index.overlaps());
  }

  public MatchingStrategy strategy() {
    return strategy;
  }

  /** The services lent to the handlers this compiler creates. */
  public PluginHost host() {
    return host;
  }

  /**
   * What a handler is given when it is created for {@code ruleId} (null: the global configuration), for tools and
   * tests that create one handler without compiling a rule.
   */
  public static HandlerContext handlerContext(String ruleId, String handlerId, PluginHost host) {
    return new Context(ruleId, handlerId, host);
  }

  /** The global error handlers tried after a rule's own; a problem here stops the node from starting. */
  private static List<ErrorChain.Entry> fallbackChain(PortcullisConfig config, HandlerRegistry registry,
      PluginHost host) {
    List<ErrorChain.Entry> chain = new ArrayList<>();
    List<String> ids = config.errors().fallback();
    for (int i = 0; i < ids.size(); i++) {
      String id = ids.get(i);
      String path = "errors.fallback[" + i + "]";
      ErrorHandlerFactory factory = registry.errorHandler(id).orElseThrow(() -> new InvalidConfigException(path,
          "\"" + id + "\" is not an error handler: expected one of " + registry.errorHandlers().keySet()));
      HandlerSwitch sw = config.errors().handler(id);
      if (!sw.enabled()) {
        throw new InvalidConfigException(path, "error handler \"" + id + "\" is not enabled: set errors.handlers." + id
            + ".enabled: true");
      }
      try {
        chain.add(errorEntry(id, factory, new HandlerConfig(sw.config()), new Context(null, id, host)));
      } catch (ConfigException e) {
        throw new InvalidConfigException("errors.handlers." + id + ".config." + e.field(), e.getMessage());
      } catch (RuntimeException | LinkageError e) {
        throw new InvalidConfigException(path, "error handler \"" + id + "\" cannot be created: " + e);
      }
    }
    return List.copyOf(chain);
  }

  /** The host matches {@code when} itself (as Oathkeeper does); the handler gets the rest of its configuration. */
  private static ErrorChain.Entry errorEntry(String id, ErrorHandlerFactory factory, HandlerConfig config,
      HandlerContext context) throws ConfigException {
    When when = When.parse(config);
    Map<String, Object> rest = new LinkedHashMap<>(config.asMap());
    rest.remove("when");
    var handler = factory.create(new HandlerConfig(rest), context);
    if (handler == null) {
      throw new ConfigException("handler", id, "an error handler (its factory returned nothing)");
    }
    return new ErrorChain.Entry(id, when, handler);
  }

  /** Deep merge: maps merge key by key, anything else in {@code override} replaces. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> override) {
    Map<String, Object> out = new LinkedHashMap<>(base);
    for (Map.Entry<String, Object> e : override.entrySet()) {
      Object b = out.get(e.getKey());
      if (b instanceof Map && e.getValue() instanceof Map) {
        out.put(e.getKey(), merge((Map<String, Object>) b, (Map<String, Object>) e.getValue()));
      } else {
        out.put(e.getKey(), e.getValue());
      }
    }
    return out;
  }

  /** The work for one rule; problems go to the shared list. */
  private final class RuleCompilation {
    private final AccessRule rule;
    private final List<RuleProblem> problems;
    private final int before;

    RuleCompilation(AccessRule rule, List<RuleProblem> problems) {
      this.rule = rule;
      this.problems = problems;
      this.before = problems.size();
    }

    CompiledRule compile() {
      List<CompiledRule.Step<Authenticator>> authenticators = new ArrayList<>();
      for (int i = 0; i < rule.authenticators().size(); i++) {
        HandlerRef ref = rule.authenticators().get(i);
        String field = "authenticators[" + i + "]";
        create(field, ref, "authenticator", registry.authenticator(ref.handler()).map(f -> f::create),
            config.authenticators()::get, "authenticators.", registry.authenticators().keySet())
            .ifPresent(h -> authenticators.add(new CompiledRule.Step<>(ref.handler(), (Authenticator) h,
                host.meters("authenticator", ref.handler()))));
      }
      HandlerRef authz = rule.authorizer();
      Optional<Object> authorizer = create("authorizer", authz, "authorizer",
          registry.authorizer(authz.handler()).map(f -> f::create), config.authorizers()::get, "authorizers.",
          registry.authorizers().keySet());
      List<CompiledRule.Step<Mutator>> mutators = new ArrayList<>();
      for (int i = 0; i < rule.mutators().size(); i++) {
        HandlerRef ref = rule.mutators().get(i);
        create("mutators[" + i + "]", ref, "mutator", registry.mutator(ref.handler()).map(f -> f::create),
            config.mutators()::get, "mutators.", registry.mutators().keySet())
            .ifPresent(h -> mutators.add(new CompiledRule.Step<>(ref.handler(), (Mutator) h,
                host.meters("mutator", ref.handler()))));
      }
      List<ErrorChain.Entry> errors = new ArrayList<>();
      for (int i = 0; i < rule.errors().size(); i++) {
        HandlerRef ref = rule.errors().get(i);
        create("errors[" + i + "]", ref, "error handler", registry.errorHandler(ref.handler())
                .map(f -> (cfg, ctx) -> errorEntry(ref.handler(), f, cfg, ctx)),
            config.errors()::handler, "errors.handlers.", registry.errorHandlers().keySet())
            .ifPresent(e -> errors.add((ErrorChain.Entry) e));
      }
      UpstreamTarget upstream = UpstreamTarget.of(rule.upstream());
      if (problems.size() > before) {
        return null;
      }
      return new CompiledRule(rule, List.copyOf(authenticators),
          new CompiledRule.Step<>(authz.handler(), (Authorizer) authorizer.orElseThrow(),
              host.meters("authorizer", authz.handler())), List.copyOf(mutators),
          new ErrorChain(errors, fallback), upstream, rateLimits.forRule(rule.id()));
    }

    /**
     * @param switches the handler's switch by id (null when not configured)
     * @param switchKey where the switches live in the configuration, for the message
     */
    private Optional<Object> create(String field, HandlerRef ref, String kind, Optional<Creator> creator,
        java.util.function.Function<String, HandlerSwitch> switches, String switchKey, java.util.Set<String> known) {
      if (creator.isEmpty()) {
        List<String> refused = registry.refused();
        problem(field + ".handler", ref.handler(), "one of the " + kind + "s " + known
            + (refused.isEmpty() ? "" : " (plugins not loaded: " + String.join("; ", refused) + ")"));
        return Optional.empty();
      }
      HandlerSwitch sw = switches.apply(ref.handler());
      if (sw == null || !sw.enabled()) {
        problem(field + ".handler", ref.handler(), "an enabled " + kind + " (set " + switchKey + ref.handler()
            + ".enabled: true in the configuration)");
        return Optional.empty();
      }
      try {
        Object handler = creator.get().create(new HandlerConfig(merge(sw.config(), ref.config())),
            new Context(rule.id(), ref.handler(), host));
        if (handler == null) {
          problem(field + ".handler", ref.handler(), "a " + kind + " (its factory returned nothing)");
          return Optional.empty();
        }
        return Optional.of(handler);
      } catch (ConfigException e) {
        problem(field + ".config." + e.field(), e.value(), e.expected());
      } catch (RuntimeException | LinkageError e) {
        // A plugin's bug must not take the rule set (or the process) down with it: refuse this rule only.
        problem(field + ".handler", ref.handler(), "a " + kind + " that can be created, but it failed: " + e);
      }
      return Optional.empty();
    }

    private void problem(String field, Object value, String expected) {
      problems.add(new RuleProblem(rule.origin(), rule.id(), field, value, expected));
    }

  }

  @FunctionalInterface
  private interface Creator {
    Object create(HandlerConfig config, HandlerContext context) throws ConfigException;
  }

  /** What one handler is given when it is created, for a rule or (rule null) for the global configuration. */
  private record Context(String ruleId, String handlerId, PluginHost host) implements HandlerContext {
    @Override
    public RequestTemplate template(String field, String source) throws ConfigException {
      try {
        return new CompiledTemplate(Template.compile(source));
      } catch (TemplateException e) {
        throw new ConfigException(field, source, "a valid template (" + e.getMessage() + ")");
      }
    }

    @Override
    public PluginServices services() {
      return host.services(handlerId);
    }
  }
}

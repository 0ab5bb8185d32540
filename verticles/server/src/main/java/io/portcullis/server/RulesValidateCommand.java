package io.portcullis.server;

import io.portcullis.config.InvalidConfigException;
import io.portcullis.config.ConfigLoader;
import io.portcullis.config.LoadedConfig;
import io.portcullis.pipeline.HandlerRegistry;
import io.portcullis.pipeline.PipelineCompiler;
import io.portcullis.pipeline.host.PluginHost;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import io.portcullis.rules.AccessRule;
import io.portcullis.rules.MatchingStrategy;
import io.portcullis.rules.RuleException;
import io.portcullis.rules.RuleOverlap;
import io.portcullis.rules.parse.RuleParser;
import io.portcullis.rules.RuleProblem;
import io.portcullis.rules.match.RuleSetIndex;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code portcullis rules validate FILE...}: exit 0 when every file is valid, 1 with one line per problem otherwise.
 * With {@code --config}, handlers are checked too (known, enabled, configuration valid).
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
    description = "Checks rule files (JSON, YAML, Maester Rule resources). Exit code 0 when valid, 1 when not.")
final class RulesValidateCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Rule files.")
  List<Path> files;

  @Option(names = {"-c", "--config"}, paramLabel = "FILE",
      description = "Also check handlers against this configuration (enabled, config valid).")
  Path config;

  @Option(names = "--strategy", paramLabel = "regexp|glob",
      description = "Matching strategy when no --config is given (default: regexp).")
  String strategy = "regexp";

  @Override
  public Integer call() {
    List<AccessRule> rules = new ArrayList<>();
    List<RuleProblem> problems = new ArrayList<>();
    for (Path file : files) {
      try {
        rules.addAll(RuleParser.parseFile(file));
      } catch (RuleException e) {
        problems.addAll(e.problems());
      }
    }
    List<RuleOverlap> overlaps = List.of();
    List<String> unverified = List.of();
    if (problems.isEmpty()) {
      try {
        RuleSetIndex<?> index = config == null ? patternsOnly(rules) : withHandlers(rules);
        overlaps = index.overlaps();
        unverified = index.unverifiedOverlapRules();
      } catch (RuleException e) {
        problems.addAll(e.problems());
      } catch (InvalidConfigException | IllegalArgumentException e) {
        System.err.println("configuration error: " + e.getMessage());
        return 2;
      }
    }
    for (RuleProblem p : problems) {
      System.err.println(p.message());
    }
    for (RuleOverlap o : overlaps) {
      System.err.println("warning: rules \"" + o.ruleA() + "\" and \"" + o.ruleB() + "\" overlap at priority "
          + o.priority() + " (" + o.reason() + "); \"" + o.ruleA() + "\" wins as it comes first");
    }
    if (!unverified.isEmpty()) {
      System.err.println("warning: rules " + unverified + " use regular expressions that cannot be checked for "
          + "overlaps; equal-priority overlaps with them are not reported");
    }
    if (!problems.isEmpty()) {
      System.err.println(problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + " found");
      return 1;
    }
    System.out.println("OK: " + rules.size() + " rule" + (rules.size() == 1 ? "" : "s") + " in " + files.size()
        + " file" + (files.size() == 1 ? "" : "s"));
    return 0;
  }

  private RuleSetIndex<?> patternsOnly(List<AccessRule> rules) throws RuleException {
    List<RuleSetIndex.Entry<Object>> entries = new ArrayList<>();
    rules.forEach(r -> entries.add(new RuleSetIndex.Entry<>(r, null)));
    return RuleSetIndex.build(entries, MatchingStrategy.parse(strategy));
  }

  private RuleSetIndex<?> withHandlers(List<AccessRule> rules) throws RuleException {
    LoadedConfig loaded = ConfigLoader.load(config);
    try (HandlerRegistry registry = HandlerRegistry.load(
        loaded.resolve(loaded.config().portcullis().plugins().directory()))) {
      PluginHost offline = new PluginHost(null, new SimpleMeterRegistry(), "portcullis_", Clock.systemUTC());
      return new PipelineCompiler(loaded.config(), registry, offline).compile(rules, 0, "").index();
    }
  }
}

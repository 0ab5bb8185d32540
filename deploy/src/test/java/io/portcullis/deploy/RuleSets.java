package io.portcullis.deploy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.portcullis.config.LoadedConfig;
import io.portcullis.pipeline.HandlerRegistry;
import io.portcullis.pipeline.PipelineCompiler;
import io.portcullis.pipeline.host.PluginHost;
import io.portcullis.rules.AccessRule;
import io.portcullis.rules.RuleException;
import io.portcullis.rules.RuleProblem;
import io.portcullis.rules.parse.RuleParser;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules a deployment serves, parsed, then compiled against its configuration as a node does at start (the same
 * steps as {@code portcullis rules validate --config}): a rule naming a handler the configuration does not enable
 * would stop every node.
 */
final class RuleSets {
  private final List<AccessRule> rules = new ArrayList<>();
  private final List<String> problems;

  RuleSets(List<String> problems) {
    this.problems = problems;
  }

  void addFile(Path file) {
    try {
      rules.addAll(RuleParser.parseFile(file));
    } catch (RuleException e) {
      problems.add(file + ": " + e.getMessage());
    }
  }

  void add(String origin, String content) {
    try {
      rules.addAll(RuleParser.parse(origin, content));
    } catch (RuleException e) {
      problems.add(origin + ": " + e.getMessage());
    }
  }

  /** Compiles every rule added against {@code config}; the plugin folder is the one the config names, if present. */
  void compile(String where, LoadedConfig config) {
    try (HandlerRegistry registry = HandlerRegistry.load(
        config.resolve(config.config().portcullis().plugins().directory()))) {
      PluginHost offline = new PluginHost(null, new SimpleMeterRegistry(), "portcullis_", Clock.systemUTC());
      new PipelineCompiler(config.config(), registry, offline).compile(rules, 0, "");
    } catch (RuleException e) {
      e.problems().stream().map(RuleProblem::message)
          .forEach(m -> problems.add(where + ": with " + config.file() + ": " + m));
    }
  }
}

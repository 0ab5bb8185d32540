package io.portcullis.server;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.portcullis.config.InvalidConfigException;
import io.portcullis.config.ConfigLoader;
import io.portcullis.config.LoadedConfig;
import io.portcullis.pipeline.AccessPipeline;
import io.portcullis.pipeline.CompiledRuleSet;
import io.portcullis.pipeline.HandlerRegistry;
import io.portcullis.pipeline.PipelineCompiler;
import io.portcullis.pipeline.host.PluginHost;
import java.time.Clock;
import io.portcullis.proxy.AccessGate;
import io.portcullis.proxy.Verdict;
import io.portcullis.rules.RuleException;
import io.portcullis.ruleset.RuleSources;
import io.portcullis.runtime.AuditGate;
import io.portcullis.node.NodeServices;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code portcullis rules test --config FILE [--method M] URL}: which rule matches and what the pipeline decides,
 * without sending a request anywhere. Exit 0 when granted, 3 when refused, 1/2 on bad rules or configuration.
 */
@Command(name = "test", mixinStandardHelpOptions = true,
    description = "Shows which rule matches URL and what the pipeline would decide. Exit code: 0 granted, 3 refused.")
final class RulesTestCommand implements Callable<Integer> {
  @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "Configuration file.")
  Path config;

  @Option(names = {"-X", "--method"}, paramLabel = "M", description = "HTTP method (default: GET).")
  String method = "GET";

  @Option(names = {"-H", "--header"}, paramLabel = "'Name: value'", description = "Request header; repeatable.")
  List<String> headers = List.of();

  @Parameters(index = "0", paramLabel = "URL", description = "Absolute URL, e.g. http://app.example.com/admin")
  String url;

  @Override
  public Integer call() throws Exception {
    LoadedConfig loaded;
    URI uri;
    try {
      loaded = ConfigLoader.load(config);
      uri = URI.create(url);
      if (uri.getScheme() == null || uri.getRawAuthority() == null) {
        throw new IllegalArgumentException("URL must be absolute, e.g. http://app.example.com/path");
      }
    } catch (InvalidConfigException | IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      return 2;
    }
    Logging.setLevel("warn");
    MultiMap requestHeaders = MultiMap.caseInsensitiveMultiMap();
    for (String h : headers) {
      int colon = h.indexOf(':');
      if (colon <= 0) {
        System.err.println("error: header \"" + h + "\" must look like 'Name: value'");
        return 2;
      }
      requestHeaders.add(h.substring(0, colon).trim(), h.substring(colon + 1).trim());
    }
    Vertx vertx = Vertx.vertx();
    try (HandlerRegistry registry = HandlerRegistry.load(
        loaded.resolve(loaded.config().portcullis().plugins().directory()))) {
      PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      PipelineCompiler compiler = new PipelineCompiler(loaded.config(), registry,
          new PluginHost(vertx, metrics, "portcullis_", Clock.systemUTC()));
      CompiledRuleSet set;
      try (RuleSources sources = new RuleSources(loaded, RuleSources.checkWith(compiler))) {
        set = compiler.compile(RuleSources.parse(sources.read()), 1, "");
      } catch (RuleException e) {
        System.err.println(e.getMessage());
        return 1;
      }
      AccessGate gate = new AccessGate(vertx, new NodeServices(loaded, metrics, AuditGate.disabled()),
          new AccessPipeline(registry, compiler));
      String target = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
          + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
      Promise<Verdict> verdict = Promise.promise();
      vertx.runOnContext(v -> gate.decide(set, method.toUpperCase(), uri.getScheme(), uri.getRawAuthority(), target,
          requestHeaders, "127.0.0.1", "127.0.0.1", verdict::complete));
      return print(verdict.future().await());
    } finally {
      vertx.close().await();
    }
  }

  private static int print(Verdict verdict) {
    if (verdict instanceof Verdict.Granted g) {
      System.out.println("rule:      " + g.rule().id());
      System.out.println("decision:  granted");
      System.out.println("subject:   " + g.session().subject());
      if (g.rule().upstream() != null) {
        var up = g.rule().upstream();
        System.out.println("upstream:  " + (up.tls() ? "https://" : "http://") + up.authority()
            + up.requestUri(g.request().url().forwardPath(), g.request().url().rawQuery())
            + (up.preserveHost() ? " (host preserved)" : ""));
      }
      for (Map.Entry<String, String> h : g.session().headers().entrySet()) {
        System.out.println("header:    " + h.getKey() + ": " + h.getValue());
      }
      return 0;
    }
    Verdict.Refused r = (Verdict.Refused) verdict;
    System.out.println("rule:      " + (r.ruleId() == null ? "(none)" : r.ruleId()));
    System.out.println("decision:  refused (" + r.decision() + ")");
    System.out.println("status:    " + r.response().status());
    r.response().headers().forEach((k, v) -> System.out.println("header:    " + k + ": " + v));
    System.out.println("body:      " + new String(r.response().body(), StandardCharsets.UTF_8).trim());
    return 3;
  }
}

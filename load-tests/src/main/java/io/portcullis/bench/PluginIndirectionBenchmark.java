package io.portcullis.bench;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.portcullis.config.ConfigLoader;
import io.portcullis.config.LoadedConfig;
import io.portcullis.pipeline.AccessPipeline;
import io.portcullis.pipeline.CompiledRule;
import io.portcullis.pipeline.CompiledRuleSet;
import io.portcullis.pipeline.HandlerRegistry;
import io.portcullis.pipeline.PipelineCompiler;
import io.portcullis.pipeline.host.PluginHost;
import io.portcullis.proxy.AccessGate;
import io.portcullis.proxy.HttpAccessRequest;
import io.portcullis.proxy.Verdict;
import io.portcullis.rules.url.EncodedSlashPolicy;
import io.portcullis.rules.url.RequestUrl;
import io.portcullis.rules.match.RuleMatchResult;
import io.portcullis.rules.parse.RuleParser;
import io.portcullis.rules.url.UrlNormalizer;
import io.portcullis.rules.template.Template;
import io.portcullis.runtime.AuditGate;
import io.portcullis.node.NodeServices;
import io.portcullis.spi.AuthSession;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The cost of reaching handlers through the plugin SPI, measured against doing the same work directly, in one run.
 *
 * <ul>
 *   <li>{@code viaPlugins}: the decision as the proxy makes it: normalize, match, then the anonymous authenticator,
 *       the allow authorizer and the header mutator found through PF4J, each call wrapped by the host (timing,
 *       isolation checks, outcome dispatch).</li>
 *   <li>{@code direct}: the same normalize and match, then the same three steps as plain inline code: no factories,
 *       no stages, no wrapping. The baseline.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PluginIndirectionBenchmark {
  private static final String RULES = """
      - id: bench
        match: {url: "http://<[^/]+>/<.*>", methods: [GET]}
        authenticators: [{handler: anonymous}]
        authorizer: {handler: allow}
        mutators: [{handler: header, config: {headers: {X-User: "{{ print .Subject }}"}}}]
        upstream: {url: "http://127.0.0.1:8080"}
      """;

  private Vertx vertx;
  private HandlerRegistry registry;
  private CompiledRuleSet set;
  private AccessGate gate;
  private UrlNormalizer normalizer;
  private Template template;
  private MultiMap headers;
  private Object lastVerdict;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    Path dir = Files.createTempDirectory("portcullis-bench");
    Path config = Files.writeString(dir.resolve("config.yml"), """
        authenticators: {anonymous: {enabled: true}}
        authorizers: {allow: {enabled: true}}
        mutators: {header: {enabled: true}}
        """);
    LoadedConfig loaded = ConfigLoader.load(config, Map.of());
    vertx = Vertx.vertx();
    registry = HandlerRegistry.load(dir.resolve("plugins"));
    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    PipelineCompiler compiler = new PipelineCompiler(loaded.config(), registry,
        new PluginHost(vertx, metrics, "portcullis_", Clock.systemUTC()));
    set = compiler.compile(RuleParser.parse("bench", RULES), 1, "bench");
    gate = new AccessGate(vertx, new NodeServices(loaded, metrics, AuditGate.disabled()),
        new AccessPipeline(registry, compiler));
    normalizer = new UrlNormalizer(EncodedSlashPolicy.REJECT);
    template = Template.compile("{{ print .Subject }}");
    headers = MultiMap.caseInsensitiveMultiMap().add("Host", "app.example.com").add("Accept", "*/*")
        .add("User-Agent", "bench");
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    registry.close();
    vertx.close().await();
  }

  @Benchmark
  public Object viaPlugins() {
    gate.decide(set, "GET", "http", "app.example.com", "/api/items/42?x=1", headers, "127.0.0.1", "127.0.0.1",
        v -> lastVerdict = v);
    if (!(lastVerdict instanceof Verdict.Granted)) {
      throw new IllegalStateException("expected a grant, got " + lastVerdict);
    }
    return lastVerdict;
  }

  @Benchmark
  public void direct(Blackhole bh) throws Exception {
    RequestUrl url = normalizer.normalize("http", "app.example.com", "/api/items/42?x=1");
    RuleMatchResult<CompiledRule> match = set.index().match("GET", url);
    HttpAccessRequest request = new HttpAccessRequest("GET", url, headers, "127.0.0.1", match.captureGroups(),
        match.rule().id());
    AuthSession session = new AuthSession();
    // anonymous, allow, header: the same work, inline.
    if (request.header("Authorization") == null) {
      session.setSubject("anonymous");
    }
    session.setHeader("X-User", template.render(Map.of("Subject", session.subject())));
    bh.consume(request);
    bh.consume(session);
  }
}

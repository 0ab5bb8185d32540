package io.portcullis.server.it;

import io.portcullis.config.ConfigLoader;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.portcullis.server.Node;
import io.portcullis.server.TracingTestAccess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A real Portcullis node on free loopback ports, configured from YAML text and a rules file in a temporary folder.
 * {@code %UPSTREAM%} in the rules is replaced by the upstream's base URL, {@code %PROXY_PORT%} in the rules and the
 * configuration by the proxy's port.
 */
final class TestNode implements AutoCloseable {
  final int proxyPort = FreePorts.next();
  final int apiPort = FreePorts.next();
  final int metricsPort = FreePorts.next();
  final Path dir;
  final Path rulesFile;
  private final Node node;

  TestNode(String extraConfig, String rules, String upstreamUrl) throws Exception {
    this(extraConfig, rules, upstreamUrl, Map.of());
  }

  TestNode(String extraConfig, String rules, String upstreamUrl, Map<String, String> env) throws Exception {
    this(extraConfig, rules, upstreamUrl, env, null);
  }

  /** @param spans where the node's spans go (its {@code tracing} keys choose the sampling), or null as configured */
  TestNode(String extraConfig, String rules, String upstreamUrl, Map<String, String> env, SpanExporter spans)
      throws Exception {
    dir = Files.createTempDirectory("portcullis-it");
    rulesFile = dir.resolve("rules.yml");
    writeRules(rules, upstreamUrl);
    Path config = dir.resolve("portcullis.yml");
    Files.writeString(config, """
        serve:
          proxy: {port: %d, host: 127.0.0.1}
          api: {port: %d, host: 127.0.0.1}
          prometheus: {port: %d, host: 127.0.0.1}
        portcullis:
          proxy: {instances: 2}
          rules: {reload_interval: 100ms}
        """.formatted(proxyPort, apiPort, metricsPort) + extraConfig.replace("%PROXY_PORT%",
        String.valueOf(proxyPort)));
    var loaded = ConfigLoader.load(config, env);
    node = spans == null ? Node.start(loaded) : TracingTestAccess.start(loaded, spans);
  }

  void writeRules(String rules, String upstreamUrl) throws IOException {
    // Write then move, so the poller never reads half a file.
    Path tmp = dir.resolve(".rules.tmp");
    Files.writeString(tmp, rules.replace("%UPSTREAM%", upstreamUrl).replace("%PROXY_PORT%",
        String.valueOf(proxyPort)));
    Files.move(tmp, rulesFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  @Override
  public void close() {
    node.close();
  }

  /** Handler switches most tests need, in Oathkeeper's layout. */
  static final String ALL_HANDLERS = """
      access_rules:
        repositories: [file://rules.yml]
      authenticators:
        noop: {enabled: true}
        anonymous: {enabled: true}
        unauthorized: {enabled: true}
      authorizers:
        allow: {enabled: true}
        deny: {enabled: true}
      mutators:
        noop: {enabled: true}
        header: {enabled: true}
        cookie: {enabled: true}
      """;
}

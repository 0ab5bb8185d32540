package io.portcullis.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.pipeline.HandlerRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example third-party plugin (plugins/example-apikey), loaded from its zip at run time as an operator deploys it:
 * at start, added while running, and refused when it asks for a newer SPI.
 */
class ThirdPartyPluginTest {
  @TempDir
  Path dir;

  static Path pluginZip() throws IOException {
    Path target = Path.of("../../plugins/example-apikey/target").toAbsolutePath().normalize();
    try (Stream<Path> files = Files.list(target)) {
      return files.filter(p -> p.getFileName().toString().endsWith("-plugin.zip")).findFirst()
          .orElseThrow(() -> new AssertionError("build plugins/example-apikey first (./mvnw verify does)"));
    }
  }

  static String sha256(String s) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
  }

  private Path keysFile() throws Exception {
    return Files.writeString(dir.resolve("keys.txt"), sha256("k-123") + " ci-bot deploy,read\n");
  }

  private String config(Path plugins, Path keys) {
    return TestNode.ALL_HANDLERS.replace("authenticators:\n", """
        authenticators:
          api_key: {enabled: true, config: {keys_file: "%s"}}
        """.formatted(keys)) + "";
  }

  static final String API_RULE = """
      - id: api
        match: {url: "http://<[^/]+>/api/<.*>", methods: [GET]}
        authenticators: [{handler: api_key}, {handler: unauthorized}]
        authorizer: {handler: allow}
        mutators:
          - handler: header
            config: {headers: {X-User: "{{ print .Subject }}", X-Scopes: "{{ .Extra.scopes }}"}}
        upstream: {url: "%UPSTREAM%"}
      """;

  static final String OPEN_RULE = """
      - id: open
        match: {url: "http://<[^/]+>/open", methods: [GET]}
        authenticators: [{handler: anonymous}]
        authorizer: {handler: allow}
        mutators: [{handler: noop}]
        upstream: {url: "%UPSTREAM%"}
      """;

  @Test
  void aPluginInTheDirectoryAuthenticatesRequestsThroughTheProxy() throws Exception {
    Path plugins = Files.createDirectories(dir.resolve("plugins"));
    Files.copy(pluginZip(), plugins.resolve("apikey.zip"));
    try (EchoUpstream upstream = new EchoUpstream();
         TestNode node = new TestNode(config(plugins, keysFile()), API_RULE, "http://127.0.0.1:" + upstream.port(),
             Map.of("PORTCULLIS_PORTCULLIS_PLUGINS_DIRECTORY", plugins.toString()))) {
      assertThat(RawHttp.get(node.proxyPort, "/api/x", "X-API-Key: k-123").status()).isEqualTo(200);
      EchoUpstream.Received got = upstream.take();
      assertThat(got.headers().get("X-User")).isEqualTo("ci-bot");
      assertThat(got.headers().get("X-Scopes")).isEqualTo("[deploy read]");
      assertThat(RawHttp.get(node.proxyPort, "/api/x", "X-API-Key: wrong").status()).isEqualTo(401);
      assertThat(RawHttp.get(node.proxyPort, "/api/x").status()).as("no key: the next authenticator answers")
          .isEqualTo(401);
      assertThat(upstream.nothingReceived()).isTrue();
      assertThat(Http.get(node.metricsPort, "/metrics").body())
          .containsPattern("portcullis_plugin_api_key_accepted_total\\{handler=\"api_key\"} [1-9]");
    }
  }

  @Test
  void aPluginAddedWhileRunningBecomesUsableWithoutARestart() throws Exception {
    Path plugins = Files.createDirectories(dir.resolve("plugins"));
    try (EchoUpstream upstream = new EchoUpstream();
         TestNode node = new TestNode(config(plugins, keysFile()), OPEN_RULE, "http://127.0.0.1:" + upstream.port(),
             Map.of("PORTCULLIS_PORTCULLIS_PLUGINS_DIRECTORY", plugins.toString()))) {
      String url = "http://127.0.0.1:" + upstream.port();
      node.writeRules(OPEN_RULE + API_RULE, url);
      Thread.sleep(400);
      assertThat(RawHttp.get(node.proxyPort, "/api/x", "X-API-Key: k-123").status())
          .as("rule refused while the handler does not exist").isEqualTo(404);

      Path tmp = plugins.resolve(".apikey.zip.tmp");
      Files.copy(pluginZip(), tmp);
      Files.move(tmp, plugins.resolve("apikey.zip"));
      long deadline = System.nanoTime() + 10_000_000_000L;
      int status = 0;
      while (System.nanoTime() < deadline && status != 200) {
        Thread.sleep(100);
        status = RawHttp.get(node.proxyPort, "/api/x", "X-API-Key: k-123").status();
      }
      assertThat(status).isEqualTo(200);
      assertThat(RawHttp.get(node.proxyPort, "/open").status()).isEqualTo(200);
    }
  }

  @Test
  void aPluginRequiringANewerSpiIsRefusedWithAClearMessage() throws Exception {
    Path plugins = Files.createDirectories(dir.resolve("plugins"));
    withRequires(pluginZip(), plugins.resolve("apikey-future.zip"), ">=2.0.0");
    try (HandlerRegistry registry = HandlerRegistry.load(plugins)) {
      assertThat(registry.authenticator("api_key")).isEmpty();
      assertThat(registry.refused()).singleElement().asString()
          .contains("plugin apikey 1.0.0 requires Portcullis SPI >=2.0.0")
          .contains("this Portcullis provides SPI " + io.portcullis.spi.SpiVersion.VERSION);
    }
    Path rules = Files.writeString(dir.resolve("rules.yml"), API_RULE.replace("%UPSTREAM%", "http://127.0.0.1:9"));
    Path config = Files.writeString(dir.resolve("config.yml"), config(plugins, keysFile())
        + "portcullis:\n  plugins: {directory: plugins}\n");
    io.portcullis.server.CliTestAccess.Run r = io.portcullis.server.CliTestAccess.run("rules", "validate",
        "--config", config.toString(), rules.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("authenticators[0].handler").contains("api_key")
        .contains("requires Portcullis SPI >=2.0.0");
  }

  /** Copies a plugin zip, changing {@code plugin.requires}. */
  static void withRequires(Path source, Path target, String requires) throws IOException {
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(source));
         ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(target))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        out.putNextEntry(new ZipEntry(e.getName()));
        if (e.getName().equals("plugin.properties")) {
          String props = new String(in.readAllBytes(), StandardCharsets.UTF_8)
              .replaceAll("plugin.requires=.*", "plugin.requires=" + requires);
          out.write(props.getBytes(StandardCharsets.UTF_8));
        } else {
          copy(in, out);
        }
        out.closeEntry();
      }
    }
  }

  private static void copy(InputStream in, OutputStream out) throws IOException {
    in.transferTo(out);
  }
}

package io.portcullis.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.identity.TestPostgres;
import io.portcullis.kafka.embedded.EmbeddedKafka;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code log.format: json} on a real node in its own JVM: over a password login (Kratos API flow) and proxied
 * requests with that session, every line it writes is one JSON object with time, level and msg, and none carries the
 * session token (the cookie value) or the password; {@code log.level} edited in the file applies without a restart.
 */
class JsonLogsTest {
  private static final int PUBLIC = FreePorts.next();
  private static final int ADMIN = FreePorts.next();
  private static final String PASSWORD = "correct horse battery 9";

  @Test
  void everyLineIsJsonAndNoneCarriesASecret() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(); EchoUpstream upstream = new EchoUpstream();
        NodeProcess node = new NodeProcess("json-logs", "{format: json, level: info}",
            Sessions.identityConfig(TestPostgres.newDatabase(), PUBLIC, ADMIN) + """
                  sessions:
                    revocations: {bootstrap_servers: "%s"}
                access_rules: {repositories: [file://rules.yml]}
                authenticators:
                  cookie_session:
                    enabled: true
                    config: {check_session_url: "http://127.0.0.1:%d/sessions/whoami", preserve_path: true,
                      subject_from: identity.id}
                authorizers: {allow: {enabled: true}}
                mutators: {noop: {enabled: true}}
                """.formatted(kafka.bootstrapServers(), PUBLIC), """
                - id: private
                  match: {url: "http://<.*>/private/<.*>", methods: [GET]}
                  upstream: {url: "http://127.0.0.1:%d"}
                  authenticators: [{handler: cookie_session}]
                  authorizer: {handler: allow}
                  mutators: [{handler: noop}]
                """.formatted(upstream.port()))) {
      node.awaitTrusted(Duration.ofSeconds(60));
      Http.awaitRule(node.apiPort, "private", "cookie_session");
      Sessions.createIdentity(ADMIN, "ada@example.com", PASSWORD);
      String token = Sessions.login(PUBLIC, "ada@example.com", PASSWORD).token();
      String cookie = "ory_kratos_session=" + token;
      assertThat(Http.get(node.proxyPort, "/private/a", "Cookie", cookie).status()).isEqualTo(200);

      Path config = node.dir.resolve("portcullis.yml");
      Files.writeString(config, Files.readString(config).replace("level: info", "level: debug"));
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (!node.output().contains("log.level is now debug")) {
        assertThat(System.nanoTime()).as("log.level re-read from the file").isLessThan(deadline);
        Thread.sleep(100);
      }
      assertThat(Http.get(node.proxyPort, "/private/b", "Cookie", cookie).status()).isEqualTo(200);
      assertThat(Http.get(node.proxyPort, "/private/c", "Cookie", "ory_kratos_session=" + token + "x").status())
          .isEqualTo(401);
      node.terminate(Duration.ofSeconds(30));

      String[] lines = node.output().split("\n");
      assertThat(lines).hasSizeGreaterThan(5);
      for (String line : lines) {
        JsonObject json;
        try {
          json = new JsonObject(line);
        } catch (DecodeException e) {
          throw new AssertionError("not a JSON line: " + line, e);
        }
        assertThat(json.fieldNames()).as(line).contains("time", "level", "msg");
        assertThat(line).doesNotContain(token, PASSWORD);
      }
    }
  }
}

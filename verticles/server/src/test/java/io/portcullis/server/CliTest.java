package io.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: exit codes and messages operators script against. */
class CliTest {
  @TempDir
  Path dir;

  record Run(int code, String out, String err) {
  }

  static synchronized Run run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      int code = Main.commandLine().execute(args);
      return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  static final String GOOD = """
      - id: ok
        match: {url: "http://app.example.com/<.*>", methods: [GET]}
        authenticators: [{handler: anonymous}]
        authorizer: {handler: allow}
        mutators: [{handler: header, config: {headers: {X-User: "{{ print .Subject }}"}}}]
        upstream: {url: "http://127.0.0.1:9"}
      - id: admin
        match: {url: "http://app.example.com/admin<.*>", methods: [GET]}
        priority: 5
        authenticators: [{handler: anonymous}]
        authorizer: {handler: deny}
        mutators: [{handler: noop}]
      """;

  @Test
  void validateAcceptsGoodRulesAndReportsOverlapsByPriority() throws Exception {
    Path rules = Files.writeString(dir.resolve("rules.yml"), GOOD);
    Run r = run("rules", "validate", rules.toString());
    assertThat(r.code()).isEqualTo(0);
    assertThat(r.out()).contains("OK: 2 rules in 1 file");
    assertThat(r.err()).as("different priorities are not an overlap").doesNotContain("overlap");
  }

  @Test
  void validateNamesFileRuleFieldValueAndExpectation() throws Exception {
    Path rules = Files.writeString(dir.resolve("bad.yml"), GOOD.replace("methods: [GET]", "methods: [FETCH]"));
    Run r = run("rules", "validate", rules.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("bad.yml").contains("\"ok\"").contains("match.methods[0]").contains("FETCH");
  }

  @Test
  void validateWithConfigChecksHandlers() throws Exception {
    Path rules = Files.writeString(dir.resolve("rules.yml"), GOOD);
    Path config = Files.writeString(dir.resolve("config.yml"), """
        authenticators: {anonymous: {enabled: true}}
        authorizers: {allow: {enabled: true}}
        mutators: {header: {enabled: true}, noop: {enabled: true}}
        """);
    Run r = run("rules", "validate", "--config", config.toString(), rules.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("\"admin\"").contains("authorizer.handler").contains("deny")
        .contains("authorizers.deny.enabled");
  }

  @Test
  void testShowsTheMatchingRuleAndTheDecision() throws Exception {
    Files.writeString(dir.resolve("rules.yml"), GOOD);
    Path config = Files.writeString(dir.resolve("config.yml"), """
        access_rules: {repositories: [file://rules.yml]}
        authenticators: {anonymous: {enabled: true, config: {subject: guest}}}
        authorizers: {allow: {enabled: true}, deny: {enabled: true}}
        mutators: {header: {enabled: true}, noop: {enabled: true}}
        """);
    Run granted = run("rules", "test", "--config", config.toString(), "http://app.example.com/x/../y?q=1");
    assertThat(granted.code()).isEqualTo(0);
    assertThat(granted.out()).contains("rule:      ok").contains("decision:  granted").contains("X-User: guest")
        .contains("upstream:  http://127.0.0.1:9/y?q=1");
    Run refused = run("rules", "test", "--config", config.toString(), "http://app.example.com/admin/users");
    assertThat(refused.code()).isEqualTo(3);
    assertThat(refused.out()).contains("rule:      admin").contains("status:    403");
    Run none = run("rules", "test", "--config", config.toString(), "-X", "POST", "http://app.example.com/x");
    assertThat(none.code()).isEqualTo(3);
    assertThat(none.out()).contains("rule:      (none)").contains("status:    404");
  }

  @Test
  void serveReportsConfigurationErrorsWithTheKeyPath() throws Exception {
    Path config = Files.writeString(dir.resolve("config.yml"), "serve:\n  proxy:\n    prot: 1\n");
    Run r = run("serve", "--config", config.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("serve.proxy.prot: unknown key");
  }

  @Test
  void helpEverywhere() {
    assertThat(run("--help").out()).contains("serve").contains("rules").doesNotContain("quickstart");
    assertThat(run("rules", "--help").out()).contains("validate").contains("test");
    assertThat(run("rules", "test", "--help").out()).contains("--method");
  }

  @Test
  void quickstartPointsToItsOwnJar() {
    Run r = run("quickstart", "--proxy-port", "1");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("./portcullis quickstart").contains("portcullis-quickstart.jar");
  }
}

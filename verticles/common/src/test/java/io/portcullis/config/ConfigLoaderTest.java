package io.portcullis.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir
  Path dir;

  private Path write(String yaml) throws Exception {
    Path f = dir.resolve("config.yml");
    Files.writeString(f, yaml);
    return f;
  }

  @Test
  void defaultsFollowOryPorts() {
    PortcullisConfig c = ConfigLoader.load(null, Map.of()).config();
    assertThat(c.serve().proxy().port()).isEqualTo(4455);
    assertThat(c.serve().api().port()).isEqualTo(4456);
    assertThat(c.serve().prometheus().port()).isEqualTo(9000);
    assertThat(c.accessRules().matchingStrategy()).isEqualTo("regexp");
    assertThat(c.errors().fallback()).containsExactly("json");
    assertThat(c.errors().handler("json").enabled()).isTrue();
    assertThat(c.serve().proxy().trustForwardedHeaders()).isFalse();
  }

  @Test
  void revocationsUseTheAuditBrokersWhenTheyNameNoneAndAuditIsOn() throws Exception {
    PortcullisConfig.Portcullis p = ConfigLoader.load(write(
        "portcullis:\n  audit: {enabled: true, bootstrap_servers: \"k:9092\"}\n"), Map.of()).config().portcullis();
    assertThat(p.revocations().bootstrapServers()).isEqualTo("k:9092");
    assertThat(p.revocations().topic()).isEqualTo(p.sessions().revocations().topic());
    PortcullisConfig.Portcullis own = ConfigLoader.load(write("portcullis:\n  audit: {enabled: true, bootstrap_servers: "
        + "\"k:9092\"}\n  sessions: {revocations: {bootstrap_servers: \"r:9092\"}}\n"), Map.of()).config().portcullis();
    assertThat(own.revocations().bootstrapServers()).isEqualTo("r:9092");
    assertThat(ConfigLoader.load(null, Map.of()).config().portcullis().revocations().bootstrapServers()).isEmpty();
  }

  @Test
  void theSeedOathkeeperConfigLoadsUnchanged() throws Exception {
    Path seed = Path.of(getClass().getResource("/seed/oathkeeper-server-config.yml").toURI());
    PortcullisConfig c = ConfigLoader.load(seed, Map.of()).config();
    assertThat(c.authenticators().get("cookie_session").enabled()).isTrue();
    assertThat(c.authenticators().get("cookie_session").config()).containsEntry("subject_from", "identity.id");
    assertThat(c.errors().fallback()).containsExactly("redirect");
    assertThat(c.mutators().get("header").config()).containsKey("headers");
    assertThat(c.serve().proxy().cors().enabled()).isTrue();
    assertThat(c.serve().proxy().cors().allowedOrigins()).containsExactly("http://*.localhost.com");
    assertThat(c.serve().proxy().timeout().read()).isEqualTo("60m");
  }

  @Test
  void unknownKeysFailWithTheirPath() throws Exception {
    Path f = write("serve:\n  proxy:\n    prot: 4455\n");
    assertThatThrownBy(() -> ConfigLoader.load(f, Map.of()))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith("serve.proxy.prot: unknown key")
        .hasMessageContaining("port");
  }

  @Test
  void badValuesFailWithTheirPath() throws Exception {
    assertThatThrownBy(() -> ConfigLoader.load(write("serve:\n  api:\n    port: lots\n"), Map.of()))
        .hasMessageStartingWith("serve.api.port:");
    assertThatThrownBy(() -> ConfigLoader.load(write("serve:\n  api:\n    port: 70000\n"), Map.of()))
        .hasMessageStartingWith("serve.api.port: 70000 is not a port");
    // Slow-loris protection cannot be switched off, and sizes must fit what the HTTP server takes.
    assertThatThrownBy(() -> ConfigLoader.load(write("portcullis:\n  servers: {header_read_timeout: 0s}\n"), Map.of()))
        .hasMessageStartingWith("portcullis.servers.header_read_timeout: must be more than 0s");
    assertThatThrownBy(() -> ConfigLoader.load(write("portcullis:\n  servers: {max_header_bytes: 4GiB}\n"), Map.of()))
        .hasMessageStartingWith("portcullis.servers.max_header_bytes: \"4GiB\" is too large");
    assertThatThrownBy(() -> ConfigLoader.load(write("serve:\n  proxy: {tls: {cert: {path: /c.pem}}}\n"), Map.of()))
        .hasMessageStartingWith("serve.proxy.tls: needs both cert and key");
    assertThatThrownBy(() -> ConfigLoader.load(write("access_rules:\n  matching_strategy: fuzzy\n"), Map.of()))
        .hasMessage("access_rules.matching_strategy: \"fuzzy\" is not one of [glob, regexp]");
    assertThatThrownBy(() -> ConfigLoader.load(write("portcullis:\n  sessions: {enabled: true, source: database}\n"),
        Map.of())).hasMessageStartingWith("portcullis.sessions.source: \"database\" needs portcullis.identity.dsn");
    assertThatThrownBy(() -> ConfigLoader.load(write("portcullis:\n  transport: uring\n"), Map.of()))
        .hasMessage("portcullis.transport: \"uring\" is not one of [auto, epoll, io_uring, nio]");
    assertThatThrownBy(() -> ConfigLoader.load(write("portcullis:\n  audit: {compression: brotli}\n"), Map.of()))
        .hasMessage("portcullis.audit.compression: \"brotli\" is not one of [gzip, lz4, none, snappy, zstd]");
    assertThatThrownBy(() -> ConfigLoader.load(write("serve:\n  proxy:\n    timeout: {read: 5 minutes}\n"), Map.of()))
        .hasMessageStartingWith("serve.proxy.timeout.read: \"5 minutes\" is not a duration");
    assertThatThrownBy(() -> ConfigLoader.load(write("access_rules:\n  repositories: [s3://bucket/rules.json]\n"),
        Map.of())).hasMessageStartingWith("access_rules.repositories[0]:");
    assertThatThrownBy(() -> ConfigLoader.load(write("serve:\n  proxy: {port: 1}\nserve:\n  api: {port: 2}\n"),
        Map.of())).hasMessageContaining("serve");
  }

  @Test
  void rateLimitsDefaultTheirBurstAndKeyAndRejectBadValuesByPath() throws Exception {
    PortcullisConfig c = ConfigLoader.load(write("portcullis:\n  proxy:\n    rate_limits:\n"
        + "      - {rule: admin-*, requests_per_second: 2.5}\n"), Map.of(
        "PORTCULLIS_PORTCULLIS_PROXY_RATE_LIMITS", "[{rule: a, requests_per_second: 5, burst: 9, key: subject}]"))
        .config();
    assertThat(c.portcullis().proxy().rateLimits()).containsExactly(
        new PortcullisConfig.RateLimit("a", 5.0, 9, "subject", 100_000));
    PortcullisConfig d = ConfigLoader.load(write("portcullis:\n  proxy:\n    rate_limits:\n"
        + "      - {rule: admin-*, requests_per_second: 2.5}\n"), Map.of()).config();
    assertThat(d.portcullis().proxy().rateLimits()).containsExactly(
        new PortcullisConfig.RateLimit("admin-*", 2.5, 3, "client_address", 100_000));
    String head = "portcullis:\n  proxy:\n    rate_limits:\n      - ";
    assertThatThrownBy(() -> ConfigLoader.load(write(head + "{requests_per_second: 1}\n"), Map.of()))
        .hasMessageStartingWith("portcullis.proxy.rate_limits[0].rule: is required");
    assertThatThrownBy(() -> ConfigLoader.load(write(head + "{rule: a}\n"), Map.of()))
        .hasMessageStartingWith("portcullis.proxy.rate_limits[0].requests_per_second: null is not a rate");
    assertThatThrownBy(() -> ConfigLoader.load(write(head + "{rule: a, requests_per_second: 0}\n"), Map.of()))
        .hasMessageStartingWith("portcullis.proxy.rate_limits[0].requests_per_second: 0.0 is not a rate");
    assertThatThrownBy(() -> ConfigLoader.load(write(head + "{rule: a, requests_per_second: 1, burst: 0}\n"),
        Map.of())).hasMessageStartingWith("portcullis.proxy.rate_limits[0].burst: 0 is not a burst");
    assertThatThrownBy(() -> ConfigLoader.load(write(head + "{rule: a, requests_per_second: 1, key: ip}\n"),
        Map.of())).hasMessage("portcullis.proxy.rate_limits[0].key: \"ip\" is not one of [client_address, rule, "
            + "subject]");
    assertThatThrownBy(() -> ConfigLoader.load(write(head + "{rule: a, requests_per_second: 1, max_keys: 0}\n"),
        Map.of())).hasMessageStartingWith("portcullis.proxy.rate_limits[0].max_keys: 0 is not a bound");
    assertThatThrownBy(() -> ConfigLoader.load(write(head + "{rule: a, rps: 1}\n"), Map.of()))
        .hasMessageStartingWith("portcullis.proxy.rate_limits[0].rps: unknown key");
  }

  @Test
  void environmentOverridesResolveUnderscoredKeys() throws Exception {
    Path f = write("serve:\n  proxy:\n    port: 1234\n");
    PortcullisConfig c = ConfigLoader.load(f, Map.of(
        "PORTCULLIS_SERVE_PROXY_PORT", "8080",
        "PORTCULLIS_SERVE_PROXY_TRUST_FORWARDED_HEADERS", "true",
        "PORTCULLIS_ACCESS_RULES_MATCHING_STRATEGY", "glob",
        "PORTCULLIS_AUTHENTICATORS_COOKIE_SESSION_ENABLED", "true",
        "PORTCULLIS_AUTHENTICATORS_ANONYMOUS_CONFIG_SUBJECT", "guest",
        "PORTCULLIS_ERRORS_FALLBACK", "[json, redirect]",
        "OTHER_VARIABLE", "ignored")).config();
    assertThat(c.serve().proxy().port()).isEqualTo(8080);
    assertThat(c.serve().proxy().trustForwardedHeaders()).isTrue();
    assertThat(c.accessRules().matchingStrategy()).isEqualTo("glob");
    assertThat(c.authenticators().get("cookie_session").enabled()).isTrue();
    assertThat(c.authenticators().get("anonymous").config()).containsEntry("subject", "guest");
    assertThat(c.errors().fallback()).containsExactly("json", "redirect");
  }

  @Test
  void environmentVariablesThatNameNoKeyFail() {
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("PORTCULLIS_SERVE_PROXI_PORT", "1")))
        .hasMessageStartingWith("PORTCULLIS_SERVE_PROXI_PORT: does not name a configuration key");
  }

  @Test
  void ruleRepositoriesTakeOathkeepersFormsAndKubernetesOnes() throws Exception {
    LoadedConfig loaded = ConfigLoader.load(write("""
        access_rules:
          repositories: [rules.yml, "file:///etc/rules", "https://rules.example.com/a.json", "inline://W10=",
            "k8s-configmap://portcullis/access-rules", "k8s-rules://default", "k8s-rules://*"]
        """), Map.of());
    assertThat(loaded.config().accessRules().repositories()).hasSize(7);
    assertThatThrownBy(() -> ConfigLoader.load(write("access_rules:\n  repositories: [\"inline://not base64!\"]\n"),
        Map.of())).hasMessageStartingWith("access_rules.repositories[0]: inline:// must be followed by standard base64");
    assertThatThrownBy(() -> ConfigLoader.load(write("access_rules:\n  repositories: [k8s-configmap://Ns/rules]\n"),
        Map.of())).hasMessageStartingWith("access_rules.repositories[0]: \"k8s-configmap://Ns/rules\": expected "
            + "k8s-configmap://NAMESPACE/NAME");
    assertThatThrownBy(() -> ConfigLoader.load(write("access_rules:\n  repositories: [k8s-rules://]\n"), Map.of()))
        .hasMessageStartingWith("access_rules.repositories[0]: \"k8s-rules://\": expected k8s-rules://NAMESPACE");
    assertThatThrownBy(() -> ConfigLoader.load(write("access_rules:\n  repositories: [gs://bucket/rules.json]\n"),
        Map.of())).hasMessageContaining("cloud storage scheme gs:// is not supported");
  }

  @Test
  void relativePathsResolveAgainstTheConfigFile() throws Exception {
    LoadedConfig loaded = ConfigLoader.load(write("access_rules:\n  repositories: [file://rules]\n"), Map.of());
    assertThat(loaded.resolve("rules")).isEqualTo(dir.resolve("rules"));
  }

  @Test
  void durationsParseGoSyntax() {
    assertThat(Durations.parse("x", "1h30m").toMinutes()).isEqualTo(90);
    assertThat(Durations.parse("x", "250ms").toMillis()).isEqualTo(250);
    assertThat(Durations.parse("x", "0").isZero()).isTrue();
    assertThatThrownBy(() -> Durations.parse("x", "10")).hasMessageStartingWith("x: \"10\" is not a duration");
  }
}

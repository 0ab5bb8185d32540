package io.portcullis.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TracingConfigTest {
  @TempDir
  Path dir;

  private TracingConfig load(String yaml) throws Exception {
    Path f = dir.resolve("config.yml");
    Files.writeString(f, yaml);
    return ConfigLoader.load(f, Map.of()).config().tracing();
  }

  @Test
  void offUnlessAProviderIsNamed() {
    TracingConfig t = ConfigLoader.load(null, Map.of()).config().tracing();
    assertThat(t.provider()).isEmpty();
    assertThat(t.exports()).isFalse();
    assertThat(t.serviceName()).isEqualTo("portcullis");
  }

  @Test
  void orysOtlpKeysLoadAsOryWritesThem() throws Exception {
    TracingConfig t = load("""
        tracing:
          provider: otel
          service_name: Ory Oathkeeper
          deployment_environment: production
          providers:
            otlp:
              server_url: otel-collector:4318
              insecure: true
              sampling: {sampling_ratio: 0.25}
              authorization_header: Bearer abc
            jaeger: {local_agent_address: "127.0.0.1:6831", sampling: {trace_id_ratio: 1}}
        """);
    assertThat(t.exports()).isTrue();
    assertThat(t.serviceName()).isEqualTo("Ory Oathkeeper");
    assertThat(t.providers().otlp().endpoint()).isEqualTo("http://otel-collector:4318");
    assertThat(t.providers().otlp().sampling().samplingRatio()).isEqualTo(0.25);
    assertThat(t.providers().otlp().protocol()).isEqualTo("http");
    assertThat(load("tracing: {provider: otel, providers: {otlp: {server_url: \"c:4317\"}}}\n")
        .providers().otlp().endpoint()).isEqualTo("https://c:4317");
  }

  @Test
  void jaegerAndZipkinLoadAndDoNotExport() throws Exception {
    assertThat(load("tracing: {provider: jaeger, providers: {jaeger: {local_agent_address: \"a:6831\"}}}\n")
        .exports()).isFalse();
    assertThat(load("tracing: {provider: zipkin, providers: {zipkin: {server_url: \"http://z:9411\"}}}\n")
        .exports()).isFalse();
  }

  @Test
  void badValuesFailWithTheirPath() {
    assertThatThrownBy(() -> load("tracing: {provider: datadog}\n"))
        .hasMessage("tracing.provider: \"datadog\" is not one of [jaeger, otel, zipkin]");
    assertThatThrownBy(() -> load("tracing: {provider: otel}\n"))
        .hasMessageStartingWith("tracing.providers.otlp.server_url: is required with provider otel");
    assertThatThrownBy(() -> load("tracing: {provider: otel, providers: {otlp: {server_url: collector}}}\n"))
        .hasMessageStartingWith("tracing.providers.otlp.server_url: \"collector\" is not host:port");
    assertThatThrownBy(() -> load("tracing: {providers: {otlp: {sampling: {sampling_ratio: 1.5}}}}\n"))
        .hasMessageStartingWith("tracing.providers.otlp.sampling.sampling_ratio: 1.5 is not a ratio");
    assertThatThrownBy(() -> load("tracing: {providers: {otlp: {protocol: thrift}}}\n"))
        .hasMessage("tracing.providers.otlp.protocol: \"thrift\" is not one of [grpc, http]");
    assertThatThrownBy(() -> load("tracing: {provider: otel, sampling_ratio: 1}\n"))
        .hasMessageContaining("sampling_ratio");
  }
}

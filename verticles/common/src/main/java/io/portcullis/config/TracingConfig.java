package io.portcullis.config;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code tracing}: Oathkeeper's and Kratos' keys (ory/x otelx) as they are, so their files load unchanged. Only the
 * {@code otel} provider exports (OTLP); {@code jaeger} and {@code zipkin} are accepted with their settings and leave
 * tracing off. No provider: no tracer at all.
 *
 * @param serviceName the {@code service.name} resource attribute
 */
public record TracingConfig(String provider, String serviceName, String deploymentEnvironment, Providers providers) {
  public TracingConfig {
    provider = provider == null ? "" : provider;
    serviceName = serviceName == null || serviceName.isBlank() ? "portcullis" : serviceName;
    deploymentEnvironment = deploymentEnvironment == null ? "" : deploymentEnvironment;
    providers = providers == null ? new Providers(null, null, null) : providers;
  }

  public static TracingConfig off() {
    return new TracingConfig(null, null, null, null);
  }

  /** Whether spans are recorded and exported: {@code provider: otel}. */
  public boolean exports() {
    return "otel".equals(provider);
  }

  /** Jaeger's and Zipkin's settings are accepted as Ory writes them and not used. */
  public record Providers(JsonNode jaeger, JsonNode zipkin, Otlp otlp) {
    public Providers {
      otlp = otlp == null ? new Otlp(null, null, null, null, null) : otlp;
    }
  }

  /**
   * @param serverUrl Ory's {@code host:port} (HTTPS unless {@code insecure}); a full {@code http(s)://} URL also works
   * @param sampling parent-based: a request arriving with a sampled (or unsampled) {@code traceparent} keeps its
   *     caller's choice; others are sampled at {@code sampling_ratio} (Ory's default 0: only sampled callers)
   * @param protocol Portcullis' own: {@code http} (OTLP/HTTP protobuf, Ory's only one, path {@code /v1/traces}) or
   *     {@code grpc}
   */
  public record Otlp(String serverUrl, Boolean insecure, Sampling sampling, String authorizationHeader,
      String protocol) {
    public Otlp {
      serverUrl = serverUrl == null ? "" : serverUrl;
      insecure = insecure != null && insecure;
      sampling = sampling == null ? new Sampling(null) : sampling;
      authorizationHeader = authorizationHeader == null ? "" : authorizationHeader;
      protocol = protocol == null ? "http" : protocol;
    }

    /** The collector's base URL: {@code server_url} with the scheme {@code insecure} asks for unless it has one. */
    public String endpoint() {
      return serverUrl.contains("://") ? serverUrl : (insecure ? "http://" : "https://") + serverUrl;
    }
  }

  public record Sampling(Double samplingRatio) {
    public Sampling {
      samplingRatio = samplingRatio == null ? 0.0 : samplingRatio;
    }
  }
}

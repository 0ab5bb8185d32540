package io.portcullis.server;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.portcullis.config.TracingConfig;
import io.portcullis.runtime.Version;
import io.portcullis.tracing.Tracing;
import io.vertx.core.VertxBuilder;
import io.vertx.tracing.opentelemetry.OpenTelemetryTracingFactory;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's OpenTelemetry SDK, from {@code tracing}: OTLP export in batches, a parent-based ratio sampler, W3C trace
 * context and baggage propagation. Installed as the Vert.x tracer (server, HTTP client, SQL client, Kafka client and
 * event-bus spans) and as the {@link Tracing} of our own spans. Without {@code provider: otel} there is no SDK and
 * no Vert.x tracer: nothing on the data path changes.
 */
final class NodeTracing implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NodeTracing.class);
  static final NodeTracing OFF = new NodeTracing(null);

  private final OpenTelemetrySdk sdk;
  private final Tracing tracing;

  private NodeTracing(OpenTelemetrySdk sdk) {
    this.sdk = sdk;
    this.tracing = sdk == null ? Tracing.OFF : Tracing.of(sdk.getTracer("io.portcullis", Version.get()));
  }

  static NodeTracing of(TracingConfig config) {
    if (config.provider().isEmpty()) {
      return OFF;
    }
    if (!config.exports()) {
      LOG.warn("tracing.provider {} is not supported, tracing is off: use provider otel with an OTLP endpoint "
          + "(Jaeger and the OpenTelemetry Collector take OTLP)", config.provider());
      return OFF;
    }
    TracingConfig.Otlp otlp = config.providers().otlp();
    if (otlp.sampling().samplingRatio() == 0) {
      LOG.info("tracing on with sampling_ratio 0: only requests whose caller sampled them are traced");
    }
    return create(config, BatchSpanProcessor.builder(exporter(otlp)).build());
  }

  /** With the given processor (and its exporter): tests export to memory. */
  static NodeTracing create(TracingConfig config, SpanProcessor processor) {
    AttributesBuilder resource = Attributes.builder().put(AttributeKey.stringKey("service.name"), config.serviceName())
        .put(AttributeKey.stringKey("service.version"), Version.get());
    if (!config.deploymentEnvironment().isEmpty()) {
      resource.put(AttributeKey.stringKey("deployment.environment.name"), config.deploymentEnvironment());
    }
    SdkTracerProvider provider = SdkTracerProvider.builder()
        .setResource(Resource.getDefault().merge(Resource.create(resource.build())))
        .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(
            config.providers().otlp().sampling().samplingRatio())))
        .addSpanProcessor(processor)
        .build();
    return new NodeTracing(OpenTelemetrySdk.builder().setTracerProvider(provider)
        .setPropagators(ContextPropagators.create(TextMapPropagator.composite(
            W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance())))
        .build());
  }

  private static SpanExporter exporter(TracingConfig.Otlp otlp) {
    String endpoint = otlp.endpoint();
    if ("grpc".equals(otlp.protocol())) {
      var grpc = OtlpGrpcSpanExporter.builder().setEndpoint(endpoint);
      if (!otlp.authorizationHeader().isEmpty()) {
        grpc.addHeader("Authorization", otlp.authorizationHeader());
      }
      return grpc.build();
    }
    // Ory's server_url is host:port and the exporter adds /v1/traces; a URL with a path is taken as it is.
    String path = URI.create(endpoint).getPath();
    var http = OtlpHttpSpanExporter.builder()
        .setEndpoint(path == null || path.isEmpty() || path.equals("/") ? endpoint.replaceAll("/$", "") + "/v1/traces"
            : endpoint);
    if (!otlp.authorizationHeader().isEmpty()) {
      http.addHeader("Authorization", otlp.authorizationHeader());
    }
    return http.build();
  }

  Tracing tracing() {
    return tracing;
  }

  /** The builder with the Vert.x tracer when tracing is on. */
  VertxBuilder install(VertxBuilder builder) {
    return sdk == null ? builder : builder.withTracer(new OpenTelemetryTracingFactory(sdk));
  }

  /** Exports what is left (bounded), after the roles stopped. */
  @Override
  public void close() {
    if (sdk != null) {
      sdk.shutdown().join(5, TimeUnit.SECONDS);
    }
  }
}

package io.portcullis.server;

import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.portcullis.config.LoadedConfig;

/** Lets tests in other packages start a node whose spans go to their exporter, each as it ends. */
public final class TracingTestAccess {
  private TracingTestAccess() {
  }

  public static Node start(LoadedConfig loaded, SpanExporter exporter) throws Exception {
    return Node.start(loaded, NodeTracing.create(loaded.config().tracing(), SimpleSpanProcessor.create(exporter)));
  }
}

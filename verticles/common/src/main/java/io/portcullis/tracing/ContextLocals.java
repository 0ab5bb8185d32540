package io.portcullis.tracing;

import io.vertx.core.internal.VertxBootstrap;
import io.vertx.core.spi.VertxServiceProvider;

/**
 * Registers our Vert.x context locals before a Vertx is built, whoever builds it first (the node, a test, a tool):
 * Vert.x loads every {@link VertxServiceProvider} of the class path before it creates the instance, and a local
 * registered after that would not fit the instance's contexts.
 */
public final class ContextLocals implements VertxServiceProvider {
  @Override
  public void init(VertxBootstrap builder) {
    // Reading the field initializes RequestIds, which registers its local.
    java.util.Objects.requireNonNull(RequestIds.LOCAL);
  }
}

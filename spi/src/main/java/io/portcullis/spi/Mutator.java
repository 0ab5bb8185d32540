package io.portcullis.spi;

import java.util.concurrent.CompletionStage;

/**
 * Prepares what the upstream receives, usually headers set through {@link AuthSession#setHeader}.
 *
 * <p>Called on an event loop: never block. Do slow work asynchronously and complete the stage later; the host
 * enforces a timeout and treats an exception, a null or a late answer as an error, which denies.
 */
@FunctionalInterface
public interface Mutator {
  CompletionStage<Outcome> mutate(AccessRequest request, AuthSession session);
}

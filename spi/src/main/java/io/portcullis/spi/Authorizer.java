package io.portcullis.spi;

import java.util.concurrent.CompletionStage;

/**
 * Decides whether the authenticated subject may make this request: {@link Outcome#success()} or a denial.
 *
 * <p>Called on an event loop: never block. Do slow work asynchronously and complete the stage later; the host
 * enforces a timeout and treats an exception, a null or a late answer as an error, which denies.
 */
@FunctionalInterface
public interface Authorizer {
  CompletionStage<Outcome> authorize(AccessRequest request, AuthSession session);
}

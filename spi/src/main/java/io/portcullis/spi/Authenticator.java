package io.portcullis.spi;

import java.util.concurrent.CompletionStage;

/**
 * Establishes who is calling: fills {@link AuthSession#setSubject} and {@link AuthSession#extra()} and answers
 * {@link Outcome#success()}, or {@link Outcome#notResponsible()} when the request carries no credential of its kind.
 *
 * <p>Called on an event loop: never block. Do slow work asynchronously and complete the stage later; the host
 * enforces a timeout and treats an exception, a null or a late answer as an error, which denies.
 */
@FunctionalInterface
public interface Authenticator {
  CompletionStage<Outcome> authenticate(AccessRequest request, AuthSession session);
}

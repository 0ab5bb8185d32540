/**
 * The Portcullis plugin contract: what an authenticator, authorizer, mutator or error handler implements, and what
 * it is given.
 *
 * <p>Every handler, the built-in ones included, is a {@link org.pf4j.ExtensionPoint} factory
 * ({@link io.portcullis.spi.AuthenticatorFactory}, {@link io.portcullis.spi.AuthorizerFactory},
 * {@link io.portcullis.spi.MutatorFactory}, {@link io.portcullis.spi.ErrorHandlerFactory}) with an id. The host calls {@code create} once per rule with the merged
 * global and rule configuration (this is where configuration is validated, so a bad rule is refused when rules load),
 * on a worker thread while the rule set compiles, and then calls the returned handler once per request on an event
 * loop. One-time costs (state built from files, a library's classes loaded on first use) belong in {@code create}.
 * Results are {@link java.util.concurrent.CompletionStage}s of {@link io.portcullis.spi.Outcome}, so this module depends on nothing but PF4J's marker interface.
 */
package io.portcullis.spi;

/**
 * The identity role: a Kratos-compatible identity service (public API on 4433, admin API on 4434) on PostgreSQL.
 *
 * <p>Packages: {@code password} (hashing, verification, policy; blocking work on a bounded worker pool), {@code schema}
 * (identity schemas with the {@code ory.sh/kratos} extension, trait validation, trait form nodes), {@code ui} (Kratos'
 * {@code ui} container, nodes and message texts), {@code store} (migrations and repositories on vertx-pg-client),
 * {@code flow} (self-service flows), {@code api} (public and admin HTTP routes).
 */
package io.portcullis.identity;

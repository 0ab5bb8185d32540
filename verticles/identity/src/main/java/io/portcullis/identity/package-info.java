/**
 * The identity role: a Kratos-compatible identity service (public API on 4433, admin API on 4434) on PostgreSQL.
 *
 * <p>Packages: {@code password} (hashing, verification, policy; blocking work on a bounded worker pool), {@code schema}
 * (identity schemas with the {@code ory.sh/kratos} extension, trait validation, trait form nodes), {@code ui} (Kratos'
 * {@code ui} container, nodes and the texts flows share), {@code store} (migrations and repositories on
 * vertx-pg-client), {@code session} (issuing and revoking sessions, identity events), {@code manage} (identities),
 * {@code flow} (what all self-service flows share) with one package per flow ({@code flow.login}, ...: handler, form,
 * messages), {@code pages} (Portcullis' own HTML pages), {@code api} (the identity and session HTTP routes). The
 * identity model, its Kratos JSON and errors, and reading sessions are in {@code io.portcullis.identitysessions}
 * (module {@code verticles/identity-sessions}), shared with the session role.
 */
package io.portcullis.identity;

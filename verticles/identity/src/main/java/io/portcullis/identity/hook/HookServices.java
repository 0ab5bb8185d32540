package io.portcullis.identity.hook;

import io.portcullis.config.IdentityConfig;
import io.portcullis.identity.manage.IdentityService;
import io.portcullis.identity.session.SessionService;
import io.portcullis.identity.store.Outbox;
import io.portcullis.identitysessions.kratos.KratosJson;
import io.vertx.core.Vertx;

/** What the built-in hooks use: sessions (issued and revoked with their events), identities, the JSON, HTTP. */
public record HookServices(Vertx vertx, SessionService sessions, IdentityService identities, Outbox outbox,
    KratosJson json, IdentityConfig.Clients clients) {
}

package io.portcullis.identity.flow.oidc;

import io.portcullis.identity.flow.Flow;
import io.portcullis.identity.ui.UiContainer;
import io.portcullis.identitysessions.model.Identity;
import io.portcullis.identitysessions.model.Session;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.function.Function;

/**
 * What the OpenID Connect method asks of the flows it completes when a provider sends the browser back: each flow's
 * handler implements its part, so a sign-in by provider ends exactly as one by password (session, hooks, answers).
 */
public final class FlowSteps {
  private FlowSteps() {
  }

  /** The login flow (LoginHandler). */
  public interface Login {
    /** The form of a new login flow {@code f}. */
    UiContainer form(Flow f);

    /** Logs {@code identity} in (or refreshes the session of a refresh flow) as signed in with {@code provider}. */
    Future<Void> loggedIn(RoutingContext ctx, Flow f, Identity identity, String provider);

    /** Saves {@code ui} with its messages and answers as a failed submission does. */
    Future<Void> refuse(RoutingContext ctx, Flow f, UiContainer ui);

    /** The flow's JSON, as {@code GET /self-service/login/flows} answers it. */
    JsonObject json(Flow f);
  }

  /** The registration flow (RegistrationHandler). */
  public interface Registration {
    UiContainer form(Flow f);

    /** Registers {@code draft}, signed up with {@code provider}; fails with {@code Duplicate} on a taken identifier. */
    Future<Void> registered(RoutingContext ctx, Flow f, Identity draft, String provider);

    Future<Void> refuse(RoutingContext ctx, Flow f, UiContainer ui);
  }

  /** The settings flow (SettingsHandler). */
  public interface Settings {
    UiContainer form(Flow f, Identity identity);

    /**
     * Saves {@code changed} (the identity of {@code s} with new credentials) by {@code method} as every settings change
     * is saved: pre-persist and after hooks, one transaction that also runs {@code alsoInTx}; then answers the
     * success (the form says so, the browser goes back to it) or the hook's refusal.
     */
    Future<Void> save(RoutingContext ctx, Flow f, Session s, String method, List<String> fields, Identity changed,
        Function<SqlConnection, Future<Void>> alsoInTx);

    Future<Void> refuse(RoutingContext ctx, Flow f, UiContainer ui, Identity identity);

    /** The session is too old for this change: log in again and come back. */
    Future<Void> refreshRequired(RoutingContext ctx, Flow f);
  }
}

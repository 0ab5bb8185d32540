package io.portcullis.identity.flow;

import io.portcullis.kafka.events.EventTypes;
import io.portcullis.identity.api.Http;
import io.portcullis.identitysessions.kratos.KratosError;
import io.portcullis.identity.manage.IdentityService;
import io.portcullis.identitysessions.model.Credential;
import io.portcullis.identitysessions.model.Identity;
import io.portcullis.identitysessions.model.Session;
import io.portcullis.identity.password.PasswordService;
import io.portcullis.identity.schema.TraitNodes;
import io.portcullis.identity.session.ClientInfo;
import io.portcullis.identity.session.IdentityEvents;
import io.portcullis.identity.session.SessionService;
import io.portcullis.identity.store.Outbox;
import io.portcullis.identity.ui.CommonNodes;
import io.portcullis.identity.ui.Messages;
import io.portcullis.identity.ui.NodeGroup;
import io.portcullis.identity.ui.UiContainer;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Optional;

/**
 * The login flow with the password method: {@code /self-service/login/browser}, {@code /api}, {@code /flows} and the
 * submission. A wrong password and an unknown identifier answer the same message after the same work.
 */
public final class LoginFlows {
  static final String KIND = "login";
  private static final String ALREADY =
      "A valid session was detected and thus login is not possible. Did you forget to set `?refresh=true`?";
  private final FlowKit kit;
  private final IdentityService identities;
  private final SessionService sessions;
  private final PasswordService passwords;
  private final Outbox outbox;

  public LoginFlows(FlowKit kit, IdentityService identities, SessionService sessions, PasswordService passwords,
      Outbox outbox) {
    this.kit = kit;
    this.identities = identities;
    this.sessions = sessions;
    this.passwords = passwords;
    this.outbox = outbox;
  }

  public void mount(Router r) {
    r.get("/self-service/login/browser").handler(Http.async(ctx -> create(ctx, Flow.BROWSER)));
    r.get("/self-service/login/api").handler(Http.async(ctx -> create(ctx, Flow.API)));
    r.get("/self-service/login/flows").handler(FlowAnswers.getFlow(this::fetch));
    r.post("/self-service/login").handler(Http.async(this::submit));
  }

  private Future<?> create(RoutingContext ctx, String type) {
    boolean refresh = "true".equals(ctx.request().getParam("refresh"));
    String aal = ctx.request().getParam("aal");
    if (aal != null && !aal.isEmpty() && !aal.equals("aal1")) {
      throw KratosError.badRequest("Unable to parse AuthenticationMethod Assurance Level (AAL): only aal1 is "
          + "supported, got \"" + aal + "\"");
    }
    String returnTo = kit.settings().returnUrls().check(ctx.request().getParam("return_to"));
    return sessions.authenticate(kit.sessionCookie().token(ctx, type)).compose(current -> {
      if (current.isPresent() && !refresh) {
        return kit.answers().alreadyLoggedIn(ctx, Flow.BROWSER.equals(type),
            returnTo != null ? returnTo : kit.settings().afterUrl(KIND, "password"), ALREADY);
      }
      Flow started = kit.lifecycle().start(ctx, KIND, type, returnTo)
          .withData(new JsonObject().put("refresh", refresh));
      Flow f = current.map(started::heldBy).orElse(started);
      return kit.lifecycle().open(ctx, f, form(f, current.map(Session::identity).orElse(null), refresh), this::json);
    });
  }

  /** The flow of {@code ?flow=} as {@code GET /self-service/login/flows} answers it; the pages render it in-process. */
  public Future<JsonObject> fetch(RoutingContext ctx) {
    return kit.lifecycle().load(ctx, KIND).map(f -> {
      kit.access().checkLive(ctx, f);
      return json(f);
    });
  }

  private Future<?> submit(RoutingContext ctx) {
    return kit.lifecycle().load(ctx, KIND).compose(f -> {
      JsonObject in = SubmittedFields.of(ctx, null);
      kit.access().checkSubmission(ctx, f, in.getString("csrf_token"));
      String token = Http.sessionToken(ctx, kit.settings().sessionCookieName());
      return sessions.authenticate(token).compose(current -> submit(ctx, f, in, current, token));
    });
  }

  /**
   * As Kratos: a holder of a session may only submit a refresh flow (one started before logging in elsewhere is
   * refused like a new one would be); a refresh by the same identity re-authenticates that session.
   */
  private Future<Void> submit(RoutingContext ctx, Flow f, JsonObject in, Optional<Session> current, String token) {
    boolean refresh = f.data().getBoolean("refresh", false);
    if (current.isPresent() && !refresh) {
      return kit.answers().alreadyLoggedIn(ctx, f.browser(), kit.settings().returnUrls().defaultReturnUrl(), ALREADY);
    }
    if (f.expiredAt(Flow.now())) {
      return restart(ctx, f);
    }
    String method = in.getString("method");
    if (!"password".equals(method) || !kit.settings().methodEnabled("password")) {
      UiContainer ui = UiContainer.fromJson(f.ui()).resetMessages();
      ui.addMessage(Messages.loginNoStrategyFound());
      return fail(ctx, f, ui);
    }
    String identifier = in.getString("identifier", in.getString("password_identifier", ""));
    String password = in.getString("password", "");
    UiContainer ui = UiContainer.fromJson(f.ui()).resetMessages();
    ui.setValue("identifier", identifier);
    if (identifier.isBlank() || password.isEmpty()) {
      ui.addMessage(Messages.required(identifier.isBlank() ? "identifier" : "password"),
          identifier.isBlank() ? "identifier" : "password");
      return fail(ctx, f, ui);
    }
    return authenticate(identifier, password).compose(found -> {
      if (found.isEmpty()) {
        ui.addMessage(Messages.invalidCredentials());
        return outbox.append(kit.pool(), EventTypes.LOGIN_FAILED, "login", IdentityEvents.loginFailed(f.id(), identifier, ClientInfo.of(ctx.request())),
            Flow.now()).compose(x -> fail(ctx, f, ui));
      }
      Optional<Session> same = current.filter(c -> c.identityId().equals(found.get().id()));
      return succeed(ctx, f, found.get(), same, same.isPresent() ? token : null);
    });
  }

  /** The identity whose password matches, after the same work whether or not the identifier exists. */
  private Future<Optional<Identity>> authenticate(String identifier, String password) {
    String normalized = identifier.trim().toLowerCase(Locale.ROOT);
    return identities.store().findByIdentifier(identities.pool(), Credential.PASSWORD, normalized).compose(i -> {
      String hash = i.map(x -> x.credential(Credential.PASSWORD)).map(c -> c.config().getString("hashed_password"))
          .orElse(null);
      if (hash == null) {
        return passwords.verifyUnknown(password).map(x -> Optional.<Identity>empty());
      }
      return passwords.verify(password, hash).compose(ok -> {
        if (!ok || !i.get().active()) {
          return Future.succeededFuture(Optional.<Identity>empty());
        }
        if (passwords.needsRehash(hash)) {
          Credential c = i.get().credential(Credential.PASSWORD);
          return passwords.hash(password).compose(h -> identities.store().updateCredentialConfig(identities.pool(),
              c.id(), c.config().copy().put("hashed_password", h), Flow.now())).map(x -> i);
        }
        return Future.succeededFuture(i);
      });
    });
  }

  /** Issues a session, or refreshes {@code refreshed} (whose token is {@code refreshedToken}). */
  private Future<Void> succeed(RoutingContext ctx, Flow f, Identity identity, Optional<Session> refreshed,
      String refreshedToken) {
    ClientInfo client = ClientInfo.of(ctx.request());
    boolean revokeOthers = kit.settings().hook(KIND, "password", "revoke_active_sessions");
    return kit.pool().withTransaction(tx -> (refreshed.isPresent()
            ? sessions.refresh(tx, refreshed.get(), "password").map(s -> new SessionService.Issued(s, refreshedToken))
            : sessions.issue(tx, identity, "password", client))
        .compose(issued -> outbox.append(tx, EventTypes.LOGIN_SUCCEEDED, identity.id().toString(),
                IdentityEvents.loginSucceeded(identity.id(), issued.session().id(), f.id(), "password", client),
                issued.session().issuedAt())
            .compose(x -> revokeOthers ? sessions.revokeAll(tx, identity.id(), issued.session().id(),
                SessionService.Cause.REVOKE_ALL, client) : Future.succeededFuture(0))
            .compose(x -> kit.lifecycle().save(tx, f.with("passed_challenge", f.ui(), Flow.now())))
            .map(issued)))
        .map(issued -> {
          JsonObject session = kit.json().session(issued.session());
          if (!f.browser()) {
            return Http.ok(ctx, new JsonObject().put("session_token", issued.token()).put("session", session)
                .put("continue_with", FlowJson.continueWithToken(issued.token())));
          }
          kit.sessionCookie().set(ctx, issued.token(), issued.session().expiresAt());
          String next = f.returnTo() != null ? f.returnTo() : kit.settings().afterUrl(KIND, "password");
          if (FlowAnswers.wantsJson(ctx)) {
            Http.json(ctx, 200, new JsonObject().put("session", session).put("continue_with",
                new io.vertx.core.json.JsonArray().add(FlowJson.continueWithRedirect(next))));
          } else {
            FlowAnswers.redirect(ctx, next);
          }
          return null;
        });
  }

  private Future<Void> fail(RoutingContext ctx, Flow f, UiContainer ui) {
    return kit.lifecycle().refuse(ctx, f, f.state(), ui, this::json);
  }

  /** A submission to an expired flow gets a new flow that says so. */
  private Future<Void> restart(RoutingContext ctx, Flow expired) {
    Flow f = kit.lifecycle().replacement(ctx, expired);
    UiContainer ui = form(f, null, expired.data().getBoolean("refresh", false));
    ui.addMessage(Messages.loginFlowExpired(expired.expiresAt(), Flow.now()));
    return kit.lifecycle().reopen(ctx, expired, f, ui);
  }

  /** Kratos' first-factor password form: identifier, CSRF, password, the "Sign in with password" button. */
  private UiContainer form(Flow f, Identity current, boolean refresh) {
    UiContainer ui = new UiContainer(kit.settings().formAction(KIND, f.id()), "POST");
    if (!kit.settings().methodEnabled("password")) {
      // selfservice.methods.password.enabled: false, as Kratos: no password form, submissions find no strategy.
      ui.appendNode(CommonNodes.csrf(f.csrfToken()));
      return ui;
    }
    ui.appendNode(CommonNodes.identifier(TraitNodes.identifierLabel(identities.schemas().defaultSchema())));
    ui.appendNode(CommonNodes.csrf(f.csrfToken()));
    ui.appendNode(CommonNodes.loginPassword());
    ui.appendNode(CommonNodes.submit("password", NodeGroup.PASSWORD, Messages.loginPassword()));
    if (refresh && current != null) {
      Credential c = current.credential(Credential.PASSWORD);
      if (c != null && !c.identifiers().isEmpty()) {
        ui.setValue("identifier", c.identifiers().get(0));
      }
      ui.addMessage(Messages.loginReAuth());
    }
    return ui;
  }

  /** The login flow's JSON: the common fields, its stored form, and Kratos' login-only fields. */
  private JsonObject json(Flow f) {
    return FlowJson.common(f).put("refresh", f.data().getBoolean("refresh", false))
        .put("requested_aal", "aal1").put("created_at", f.createdAt().toString())
        .put("updated_at", f.updatedAt().toString());
  }
}

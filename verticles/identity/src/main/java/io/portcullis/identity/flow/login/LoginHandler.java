package io.portcullis.identity.flow.login;

import io.portcullis.identity.api.Http;
import io.portcullis.identity.flow.Flow;
import io.portcullis.identity.flow.FlowAnswers;
import io.portcullis.identity.flow.FlowEndpoints;
import io.portcullis.identity.flow.FlowJson;
import io.portcullis.identity.flow.FlowKit;
import io.portcullis.identity.flow.SubmittedFields;
import io.portcullis.identity.flow.oidc.FlowSteps;
import io.portcullis.identity.flow.oidc.OidcStrategy;
import io.portcullis.identity.hook.FlowInterrupted;
import io.portcullis.identity.hook.HookContext;
import io.portcullis.identity.manage.IdentityService;
import io.portcullis.identity.password.PasswordService;
import io.portcullis.identity.session.ClientInfo;
import io.portcullis.identity.session.IdentityEvents;
import io.portcullis.identity.session.SessionService;
import io.portcullis.identity.store.Outbox;
import io.portcullis.identity.ui.Messages;
import io.portcullis.identity.ui.UiContainer;
import io.portcullis.identity.ui.UiText;
import io.portcullis.identity.webauthn.WebAuthnLogin;
import io.portcullis.identitysessions.kratos.KratosError;
import io.portcullis.identitysessions.model.Identity;
import io.portcullis.identitysessions.model.Session;
import io.portcullis.kafka.events.EventTypes;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * The login flow with the password method (and, through {@link WebAuthnLogin}, webauthn and passkeys):
 * {@code /self-service/login/browser}, {@code /api}, {@code /flows} and the submission. A wrong password and an
 * unknown identifier answer the same message after the same work. Submissions with a {@code provider} go to the
 * OpenID Connect method, which comes back through {@link FlowSteps.Login}.
 */
public final class LoginHandler implements FlowEndpoints, FlowSteps.Login {
  static final String KIND = "login";
  private static final String ALREADY =
      "A valid session was detected and thus login is not possible. Did you forget to set `?refresh=true`?";
  private final FlowKit kit;
  private final SessionService sessions;
  private final Outbox outbox;
  private final LoginForm form;
  private final PasswordLogin passwordLogin;
  private final OidcStrategy oidc;
  private final WebAuthnLogin webauthn;

  public LoginHandler(FlowKit kit, IdentityService identities, SessionService sessions, PasswordService passwords,
      Outbox outbox, OidcStrategy oidc, WebAuthnLogin webauthn) {
    this.kit = kit;
    this.sessions = sessions;
    this.outbox = outbox;
    this.form = new LoginForm(kit.settings(), identities.schemas(), oidc);
    this.passwordLogin = new PasswordLogin(identities, passwords);
    this.oidc = oidc;
    this.webauthn = webauthn;
  }

  @Override
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
      Flow held = current.map(started::heldBy).orElse(started);
      UiContainer ui = form.of(held, current.map(Session::identity).orElse(null), refresh);
      Flow f = webauthn.populate(held, ui, refresh, current.map(Session::identity).orElse(null));
      return kit.lifecycle().open(ctx, f, ui, this::json);
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
    if (OidcStrategy.responsible(in)) {
      return oidc.startLogin(ctx, f, in);
    }
    if (webauthn.handles(f, in)) {
      return webauthnSubmit(ctx, f, in, current, token);
    }
    String method = in.getString("method");
    if (!"password".equals(method) || !kit.settings().methodEnabled("password")) {
      UiContainer ui = UiContainer.fromJson(f.ui()).resetMessages();
      ui.addMessage(LoginMessages.loginNoStrategyFound());
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
    return passwordLogin.authenticate(identifier, password).compose(found -> {
      if (found.isEmpty()) {
        ui.addMessage(Messages.invalidCredentials());
        return outbox.append(kit.pool(), EventTypes.LOGIN_FAILED, "login",
                IdentityEvents.loginFailed(f.id(), identifier, ClientInfo.of(ctx.request())), Flow.now())
            .compose(x -> fail(ctx, f, ui));
      }
      Optional<Session> same = current.filter(c -> c.identityId().equals(found.get().id()));
      HookContext hooks = kit.lifecycle().hookContext(ctx, f, json(f)).method("password").identity(found.get())
          .transientPayload(SubmittedFields.transientPayload(in));
      return succeed(ctx, f, hooks, same, same.isPresent() ? token : null).recover(t -> {
        if (t instanceof OidcStrategy.LinkMismatch m) {
          return fail(ctx, f, withMessage(ui, m.message()));
        }
        if (t instanceof FlowInterrupted interrupted) {
          return outbox.append(kit.pool(), EventTypes.LOGIN_FAILED, "login",
                  IdentityEvents.loginFailed(f.id(), identifier, ClientInfo.of(ctx.request())), Flow.now())
              .compose(x -> kit.lifecycle().interrupted(ctx, f, f.state(), ui, interrupted, this::json));
        }
        return Future.failedFuture(t);
      });
    });
  }

  /** A webauthn or passkey submission: the next step of the ceremony, a refusal, or a session. */
  private Future<Void> webauthnSubmit(RoutingContext ctx, Flow f, JsonObject in, Optional<Session> current,
      String token) {
    UiContainer ui = UiContainer.fromJson(f.ui()).resetMessages();
    return webauthn.submit(ctx, f, in, ui).compose(outcome -> {
      if (outcome instanceof WebAuthnLogin.Outcome.Refused refused) {
        return fail(ctx, f, refused.ui());
      }
      if (!(outcome instanceof WebAuthnLogin.Outcome.Authenticated ok)) {
        return Future.succeededFuture();
      }
      Optional<Session> same = current.filter(c -> c.identityId().equals(ok.identity().id()));
      HookContext hooks = kit.lifecycle().hookContext(ctx, ok.flow(), json(ok.flow())).method(ok.method())
          .identity(ok.identity()).transientPayload(SubmittedFields.transientPayload(in));
      return succeed(ctx, ok.flow(), hooks, same, same.isPresent() ? token : null).recover(t -> {
        if (t instanceof OidcStrategy.LinkMismatch m) {
          return fail(ctx, ok.flow(), withMessage(ui, m.message()));
        }
        if (t instanceof FlowInterrupted interrupted) {
          return kit.lifecycle().interrupted(ctx, ok.flow(), f.state(), ui, interrupted, this::json);
        }
        return Future.failedFuture(t);
      });
    });
  }

  private static UiContainer withMessage(UiContainer ui, UiText message) {
    ui.addMessage(message);
    return ui;
  }

  @Override
  public UiContainer form(Flow f) {
    return form.of(f, null, false);
  }

  /** The login flow's JSON: the common fields, its stored form, and Kratos' login-only fields. */
  @Override
  public JsonObject json(Flow f) {
    return FlowJson.common(f).put("refresh", f.data().getBoolean("refresh", false))
        .put("requested_aal", "aal1").put("created_at", f.createdAt().toString())
        .put("updated_at", f.updatedAt().toString());
  }

  /**
   * A provider vouched for {@code identity}: logged in as by password, with the hooks of {@code after.oidc} (or the
   * flow-wide ones); a refresh by the same identity refreshes. A hook's refusal goes on the flow's form.
   */
  @Override
  public Future<Void> loggedIn(RoutingContext ctx, Flow f, Identity identity, String provider) {
    String token = Http.sessionToken(ctx, kit.settings().sessionCookieName());
    return sessions.authenticate(token).compose(current -> {
      Optional<Session> same = current.filter(c -> c.identityId().equals(identity.id()));
      HookContext hooks = kit.lifecycle().hookContext(ctx, f, json(f)).method(OidcStrategy.METHOD)
          .provider(provider).identity(identity);
      return succeed(ctx, f, hooks, same, same.isPresent() ? token : null).recover(t -> {
        if (t instanceof FlowInterrupted interrupted) {
          UiContainer ui = UiContainer.fromJson(f.ui()).resetMessages();
          return kit.lifecycle().interrupted(ctx, f, f.state(), ui, interrupted, this::json);
        }
        return Future.failedFuture(t);
      });
    });
  }

  @Override
  public Future<Void> refuse(RoutingContext ctx, Flow f, UiContainer ui) {
    return fail(ctx, f, ui);
  }

  /**
   * Issues a session, or refreshes {@code refreshed} (whose token is {@code refreshedToken}), for a login by the
   * hooks' method (and provider, for OpenID Connect), and runs the after hooks in the same transaction: a hook that
   * refuses ({@code require_verified_address}) leaves no session behind. A provider to link (account linking) is
   * linked first.
   */
  private Future<Void> succeed(RoutingContext ctx, Flow f, HookContext hooks, Optional<Session> refreshed,
      String refreshedToken) {
    ClientInfo client = ClientInfo.of(ctx.request());
    String method = hooks.method();
    String provider = hooks.provider();
    return kit.pool().withTransaction(tx -> oidc.afterLogin(tx, f, hooks.identity(), client).compose(linked -> {
      Identity identity = linked.identity();
      hooks.identity(identity);
      return (refreshed.isPresent()
            ? sessions.refresh(tx, refreshed.get(), method, provider)
                .map(s -> new SessionService.Issued(s, refreshedToken))
            : sessions.issue(tx, identity, method, provider, client))
        .compose(issued -> linked.provider() == null ? Future.succeededFuture(issued)
            : sessions.addMethod(tx, issued.session().id(), OidcStrategy.METHOD, linked.provider()).map(issued))
        .compose(issued -> outbox.append(tx, EventTypes.LOGIN_SUCCEEDED, identity.id().toString(),
                IdentityEvents.loginSucceeded(identity.id(), issued.session().id(), f.id(), method, client),
                issued.session().issuedAt())
            .compose(x -> kit.hooks().post(KIND, method, hooks.transaction(tx).session(issued.session())))
            .compose(x -> kit.lifecycle().save(tx, f.with("passed_challenge", f.ui(), Flow.now())))
            .map(issued));
    }))
        .compose(issued -> kit.hooks().committed(hooks).map(issued))
        .map(issued -> {
          JsonObject session = kit.json().session(issued.session().withIdentity(hooks.identity()));
          if (!f.browser()) {
            return Http.ok(ctx, new JsonObject().put("session_token", issued.token()).put("session", session)
                .put("continue_with", FlowJson.continueWithToken(issued.token())));
          }
          kit.sessionCookie().set(ctx, issued.token(), issued.session().expiresAt());
          String next = f.returnTo() != null ? f.returnTo() : kit.settings().afterUrl(KIND, method);
          if (FlowAnswers.wantsJson(ctx)) {
            Http.json(ctx, 200, new JsonObject().put("session", session).put("continue_with",
                new JsonArray().add(FlowJson.continueWithRedirect(next))));
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
    Flow replacement = kit.lifecycle().replacement(ctx, expired);
    boolean refresh = expired.data().getBoolean("refresh", false);
    UiContainer ui = form.of(replacement, null, refresh);
    Flow f = webauthn.populate(replacement, ui, refresh, null);
    ui.addMessage(LoginMessages.loginFlowExpired(expired.expiresAt(), Flow.now()));
    return kit.lifecycle().reopen(ctx, expired, f, ui);
  }
}

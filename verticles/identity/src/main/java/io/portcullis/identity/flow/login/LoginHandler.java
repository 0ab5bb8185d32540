package io.portcullis.identity.flow.login;

import io.portcullis.identity.api.Http;
import io.portcullis.identity.flow.Flow;
import io.portcullis.identity.flow.FlowOutcomes;
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
import io.portcullis.identity.ui.SecondFactorNodes;
import io.portcullis.identity.ui.UiContainer;
import io.portcullis.identitysessions.aal.Aal;
import io.portcullis.identity.ui.UiText;
import io.portcullis.identity.webauthn.WebAuthnLogin;
import io.portcullis.identitysessions.kratos.KratosError;
import io.portcullis.identitysessions.kratos.RedirectingError;
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
 * OpenID Connect method, which comes back through {@link FlowSteps.Login}. With {@code ?aal=aal2} a session holder
 * takes the second step ({@link SecondFactorLogin}), which upgrades that session.
 */
public final class LoginHandler implements FlowEndpoints, FlowSteps.Login {
  static final String KIND = "login";
  /** The prefix of the identifier second-factor codes are counted as, before the identity's id. */
  static final String SECOND_FACTOR = "aal2:";
  private static final String ALREADY =
      "A valid session was detected and thus login is not possible. Did you forget to set `?refresh=true`?";
  private final FlowKit kit;
  private final SessionService sessions;
  private final Outbox outbox;
  private final LoginForm form;
  private final PasswordLogin passwordLogin;
  private final SecondFactorLogin secondFactor;
  private final OidcStrategy oidc;
  private final WebAuthnLogin webauthn;

  public LoginHandler(FlowKit kit, IdentityService identities, SessionService sessions, PasswordService passwords,
      Outbox outbox, OidcStrategy oidc, WebAuthnLogin webauthn) {
    this.kit = kit;
    this.sessions = sessions;
    this.outbox = outbox;
    this.form = new LoginForm(kit.settings(), identities.schemas(), oidc);
    this.passwordLogin = new PasswordLogin(identities, passwords);
    this.secondFactor = new SecondFactorLogin(kit.settings(), identities);
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
    String aalParam = ctx.request().getParam("aal");
    String asked = requestedAal(aalParam);
    String returnTo = kit.settings().returnUrls().check(ctx.request().getParam("return_to"));
    return sessions.authenticate(kit.sessionCookie().token(ctx, type)).compose(current -> {
      String aal = secondStepInstead(type, aalParam, refresh, current) ? Aal.AAL2 : asked;
      if (Aal.AAL2.equals(aal) && current.isEmpty()) {
        throw sessionRequiredForAal2();
      }
      // As Kratos: a session may only start a refresh, or an upgrade to an AAL it does not have yet.
      if (current.isPresent() && !refresh && (Aal.AAL1.equals(aal) || Aal.AAL2.equals(current.get().aal()))) {
        return kit.answers().alreadyLoggedIn(ctx, Flow.BROWSER.equals(type),
            returnTo != null ? returnTo : kit.settings().afterUrl(KIND, "password"), ALREADY);
      }
      Flow started = kit.lifecycle().start(ctx, KIND, type, returnTo)
          .withData(new JsonObject().put("refresh", refresh).put("requested_aal", aal));
      Flow held = current.map(started::heldBy).orElse(started);
      UiContainer ui = form(held, current, refresh);
      // The second step offers the second factors only; a first-factor form also gets webauthn's and passkeys'.
      Flow f = Aal.AAL2.equals(aal) ? held
          : webauthn.populate(held, ui, refresh, current.map(Session::identity).orElse(null));
      return kit.lifecycle().open(ctx, f, ui, this::json);
    });
  }

  /**
   * Portcullis only: a browser login started without {@code aal} by a session that whoami refuses (aal1 while
   * {@code session.whoami.required_aal: highest_available} and the identity has a second factor) takes the second
   * step instead of Kratos' "already logged in" redirect back to {@code return_to}. An edge whose error handler sends
   * refused sessions to the login page (the seed's Oathkeeper file) would otherwise loop between the two.
   */
  private boolean secondStepInstead(String type, String aalParam, boolean refresh, Optional<Session> current) {
    return Flow.BROWSER.equals(type) && (aalParam == null || aalParam.isEmpty()) && !refresh && current.isPresent()
        && !kit.settings().aalPolicy().whoamiSatisfied(current.get());
  }

  /** The first-factor form, or for {@code aal=aal2} the second-factor form of the session's identity. */
  private UiContainer form(Flow f, Optional<Session> current, boolean refresh) {
    if (!Aal.AAL2.equals(requestedAal(f))) {
      return form.of(f, current.map(Session::identity).orElse(null), refresh);
    }
    UiContainer ui = secondFactor.form(f, current.get().identity());
    if (refresh) {
      ui.addMessage(LoginMessages.loginReAuth());
    }
    if (!Aal.AAL2.equals(current.get().aal())) {
      ui.addMessage(LoginMessages.loginMfa());
    }
    return ui;
  }

  /** Kratos' {@code ?aal=}: empty or {@code aal1}, or {@code aal2}; anything else is a 400. */
  private static String requestedAal(String aal) {
    if (aal == null || aal.isEmpty() || aal.equals(Aal.AAL1)) {
      return Aal.AAL1;
    }
    if (aal.equals(Aal.AAL2)) {
      return Aal.AAL2;
    }
    throw KratosError.badRequest("Unable to parse AuthenticationMethod Assurance Level (AAL): expected one of "
        + "[aal1, aal2] but got " + aal);
  }

  private static String requestedAal(Flow f) {
    return f.data().getString("requested_aal", Aal.AAL1);
  }

  /** Kratos' {@code ErrSessionRequiredForHigherAAL}: 401 {@code session_aal1_required}. */
  private static KratosError sessionRequiredForAal2() {
    return new KratosError(401, "session_aal1_required", "aal2 and aal3 can only be requested if a session exists "
        + "already", "You can not requested a higher AAL (AAL2/AAL3) without an active session.");
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
    boolean upgrade = Aal.AAL2.equals(requestedAal(f));
    if (upgrade && current.isEmpty()) {
      throw sessionRequiredForAal2();
    }
    if (current.isPresent() && !refresh && !(upgrade && !Aal.AAL2.equals(current.get().aal()))) {
      return kit.answers().alreadyLoggedIn(ctx, f.browser(), kit.settings().returnUrls().defaultReturnUrl(), ALREADY);
    }
    if (f.expiredAt(Flow.now())) {
      return restart(ctx, f, current);
    }
    String method = in.getString("method");
    if (upgrade) {
      return secondFactor(ctx, f, in, method, current.get(), token);
    }
    if (OidcStrategy.responsible(in)) {
      return oidc.startLogin(ctx, f, in);
    }
    if (webauthn.handles(f, in)) {
      return webauthnSubmit(ctx, f, in, current, token);
    }
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
    ClientInfo client = ClientInfo.of(ctx.request());
    // Counted before the password is hashed: a refused attempt costs no hash.
    return kit.attempts().attempt(KIND, identifier, client).compose(
        counted -> passwordLogin(ctx, f, in, current, token, identifier, password, ui, client),
        refused -> kit.lifecycle().limited(ctx, f, ui, refused, this::json));
  }

  /** A password attempt the limits let through: wrong credentials stay on the form, right ones log in. */
  private Future<Void> passwordLogin(RoutingContext ctx, Flow f, JsonObject in, Optional<Session> current,
      String token, String identifier, String password, UiContainer ui, ClientInfo client) {
    return passwordLogin.authenticate(identifier, password).compose(found -> {
      if (found.isEmpty()) {
        ui.addMessage(Messages.invalidCredentials());
        return kit.attempts().addressFailed(KIND, client).compose(x -> outbox.append(kit.pool(),
                EventTypes.LOGIN_FAILED, "login", IdentityEvents.loginFailed(f.id(), identifier, client), Flow.now()))
            .compose(x -> fail(ctx, f, ui));
      }
      Optional<Session> same = current.filter(c -> c.identityId().equals(found.get().id()));
      HookContext hooks = kit.lifecycle().hookContext(ctx, f, json(f)).method("password").identity(found.get())
          .transientPayload(SubmittedFields.transientPayload(in));
      return kit.attempts().succeeded(KIND, identifier)
          .compose(x -> succeed(ctx, f, hooks, same, same.isPresent() ? token : null, Aal.AAL1)).recover(t -> {
            if (t instanceof OidcStrategy.LinkMismatch m) {
              return fail(ctx, f, withMessage(ui, m.message()));
            }
            if (t instanceof FlowInterrupted interrupted) {
              return outbox.append(kit.pool(), EventTypes.LOGIN_FAILED, "login",
                      IdentityEvents.loginFailed(f.id(), identifier, client), Flow.now())
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
      // Passwordless webauthn and passkeys are first factors: aal1, as in Kratos.
      return succeed(ctx, ok.flow(), hooks, same, same.isPresent() ? token : null, Aal.AAL1).recover(t -> {
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
        .put("requested_aal", requestedAal(f)).put("created_at", f.createdAt().toString())
        .put("updated_at", f.updatedAt().toString());
  }

  /**
   * The second step: a {@code totp} or {@code lookup_secret} submission for the identity of {@code current}; when it
   * holds, that session is authenticated again with the aal2 method, which makes it aal2.
   */
  private Future<Void> secondFactor(RoutingContext ctx, Flow f, JsonObject in, String method, Session current,
      String token) {
    UiContainer ui = UiContainer.fromJson(f.ui()).resetMessages();
    if (!SecondFactorLogin.handles(method) || !kit.settings().methodEnabled(method)) {
      ui.addMessage(LoginMessages.loginNoStrategyFound());
      return fail(ctx, f, ui);
    }
    ui.setValue(SecondFactorNodes.TOTP_CODE, "");
    ui.setValue(SecondFactorNodes.LOOKUP_CODE, "");
    ClientInfo client = ClientInfo.of(ctx.request());
    // Codes are counted as the identifier "aal2:<identity id>": six digits must not be guessable with a password.
    String codes = SECOND_FACTOR + current.identityId();
    return kit.attempts().attempt(KIND, codes, client).compose(counted -> secondFactor.verify(method, in,
        current.identity()).compose(wrong -> {
          if (wrong.isPresent()) {
            ui.addMessage(wrong.get());
            return kit.attempts().addressFailed(KIND, client).compose(x -> outbox.append(kit.pool(),
                    EventTypes.LOGIN_FAILED, "login", IdentityEvents.loginFailed(f.id(),
                        current.identityId().toString(), client), Flow.now()))
                .compose(x -> fail(ctx, f, ui));
          }
          HookContext hooks = kit.lifecycle().hookContext(ctx, f, json(f)).method(method)
              .identity(current.identity()).transientPayload(SubmittedFields.transientPayload(in));
          return kit.attempts().succeeded(KIND, codes)
              .compose(x -> succeed(ctx, f, hooks, Optional.of(current), token, Aal.AAL2));
        }), refused -> kit.lifecycle().limited(ctx, f, ui, refused, this::json));
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
      return succeed(ctx, f, hooks, same, same.isPresent() ? token : null, Aal.AAL1).recover(t -> {
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
   * linked first. A method of {@code methodAal} aal2 (the second step) upgrades {@code refreshed} to aal2; the hooks
   * get that session, so {@code revoke_active_sessions} keeps it.
   */
  private Future<Void> succeed(RoutingContext ctx, Flow f, HookContext hooks, Optional<Session> refreshed,
      String refreshedToken, String methodAal) {
    ClientInfo client = ClientInfo.of(ctx.request());
    String method = hooks.method();
    String provider = hooks.provider();
    return kit.pool().withTransaction(tx -> oidc.afterLogin(tx, f, hooks.identity(), client).compose(linked -> {
      Identity identity = linked.identity();
      hooks.identity(identity);
      return (refreshed.isPresent()
            ? sessions.refresh(tx, refreshed.get(), method, provider, methodAal)
                .map(s -> new SessionService.Issued(s, refreshedToken))
            : sessions.issue(tx, identity, method, provider, client))
        .compose(issued -> linked.provider() == null ? Future.succeededFuture(issued)
            : sessions.addMethod(tx, issued.session(), OidcStrategy.METHOD, linked.provider(), Aal.AAL1)
                .map(issued))
        .compose(issued -> outbox.append(tx, EventTypes.LOGIN_SUCCEEDED, identity.id().toString(),
                IdentityEvents.loginSucceeded(identity.id(), issued.session().id(), f.id(), method, client),
                issued.session().issuedAt())
            .compose(x -> kit.hooks().post(KIND, method, hooks.transaction(tx).session(issued.session())))
            .compose(x -> kit.lifecycle().save(tx, f.with("passed_challenge", f.ui(), Flow.now())))
            .map(issued));
    }))
        .compose(issued -> kit.hooks().committed(hooks).map(issued))
        .map(issued -> {
          FlowOutcomes.succeeded(ctx, KIND);
          Session done = issued.session().withIdentity(hooks.identity());
          // As Kratos' checkAAL: a session whoami would refuse is sent on to the second step.
          boolean needsAal2 = !kit.settings().aalPolicy().whoamiSatisfied(done);
          JsonObject session = kit.json().session(done);
          if (!f.browser()) {
            if (needsAal2) {
              session.remove("identity"); // as Kratos, to spare the identity's privacy until the second factor
            }
            return Http.ok(ctx, new JsonObject().put("session_token", issued.token()).put("session", session)
                .put("continue_with", FlowJson.continueWithToken(issued.token())));
          }
          kit.sessionCookie().set(ctx, issued.token(), issued.session().expiresAt());
          if (needsAal2) {
            String aal2 = kit.settings().aalPolicy().loginUrl(f.returnTo());
            if (FlowAnswers.wantsJson(ctx)) {
              throw RedirectingError.locationChange(aal2);
            }
            FlowAnswers.redirect(ctx, aal2);
            return null;
          }
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
  private Future<Void> restart(RoutingContext ctx, Flow expired, Optional<Session> current) {
    Flow replacement = kit.lifecycle().replacement(ctx, expired);
    boolean refresh = expired.data().getBoolean("refresh", false);
    // An expired second step is replaced by a second step for the same session.
    boolean upgrade = Aal.AAL2.equals(requestedAal(expired));
    Flow held = upgrade ? replacement.heldBy(current.get()) : replacement;
    UiContainer ui = upgrade ? form(held, current, refresh) : form.of(held, null, refresh);
    Flow f = upgrade ? held : webauthn.populate(held, ui, refresh, null);
    ui.addMessage(LoginMessages.loginFlowExpired(expired.expiresAt(), Flow.now()));
    return kit.lifecycle().reopen(ctx, expired, f, ui);
  }
}

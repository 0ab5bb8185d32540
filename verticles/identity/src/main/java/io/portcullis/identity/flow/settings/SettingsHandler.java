package io.portcullis.identity.flow.settings;

import io.portcullis.identity.api.Http;
import io.portcullis.identity.api.SessionsApi;
import io.portcullis.identity.flow.Flow;
import io.portcullis.identity.flow.FlowOutcomes;
import io.portcullis.identity.flow.FlowAnswers;
import io.portcullis.identity.flow.FlowEndpoints;
import io.portcullis.identity.flow.FlowJson;
import io.portcullis.identity.flow.FlowKit;
import io.portcullis.identity.flow.PasswordPolicyText;
import io.portcullis.identity.flow.SubmittedFields;
import io.portcullis.identity.flow.oidc.FlowSteps;
import io.portcullis.identity.flow.oidc.OidcStrategy;
import io.portcullis.identity.hook.FlowInterrupted;
import io.portcullis.identity.hook.HookContext;
import io.portcullis.identity.flow.verification.AddressVerifier;
import io.portcullis.identity.manage.IdentityService;
import io.portcullis.identity.password.PasswordPolicy;
import io.portcullis.identity.password.PasswordService;
import io.portcullis.identity.schema.Extracted;
import io.portcullis.identity.schema.IdentitySchema;
import io.portcullis.identity.schema.TraitNodes;
import io.portcullis.identity.schema.TraitViolation;
import io.portcullis.identity.session.ClientInfo;
import io.portcullis.identity.session.SessionService;
import io.portcullis.identity.store.Duplicate;
import io.portcullis.identity.ui.Messages;
import io.portcullis.identity.ui.NodeGroup;
import io.portcullis.identity.ui.UiContainer;
import io.portcullis.identitysessions.aal.Aal;
import io.portcullis.identity.ui.UiText;
import io.portcullis.identity.webauthn.WebAuthnSettings;
import io.portcullis.identitysessions.kratos.KratosError;
import io.portcullis.identitysessions.kratos.RedirectingError;
import io.portcullis.identitysessions.model.Credential;
import io.portcullis.identitysessions.model.Identity;
import io.portcullis.identitysessions.model.Session;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.function.Function;

/**
 * The settings flow: profile traits, password, security keys and passkeys ({@link WebAuthnSettings}), TOTP
 * ({@link TotpSettings}) and recovery codes ({@link LookupSettings}), for the holder of a session whose AAL meets
 * {@code required_aal}. Changes need a privileged session (authenticated within {@code privileged_session_max_age})
 * when they touch the password, keys, a second factor, identifiers or addresses; otherwise the holder is asked to log
 * in again. With the {@code revoke_active_sessions} after-hook a password change ends every other session; other
 * hooks run as {@code HookRunner} says (keys and second factors save by the same path, with their method). Linking
 * and unlinking providers ({@code method=oidc}) is the OpenID Connect method's, which saves through
 * {@link FlowSteps.Settings} with the hooks of {@code after.oidc}.
 */
public final class SettingsHandler implements FlowEndpoints, FlowSteps.Settings {
  static final String KIND = "settings";
  private static final Function<SqlConnection, Future<Void>> NOTHING = tx -> Future.succeededFuture();
  private final FlowKit kit;
  private final IdentityService identities;
  private final SessionsApi sessionsApi;
  private final PasswordService passwords;
  private final PasswordPolicy policy;
  private final SettingsForm form;
  private final AddressVerifier verifier;
  private final OidcStrategy oidc;
  private final WebAuthnSettings webauthn;
  private final SessionService sessions;
  private final TotpSettings totp;
  private final LookupSettings lookup;

  public SettingsHandler(FlowKit kit, IdentityService identities, SessionsApi sessionsApi,
      PasswordService passwords, PasswordPolicy policy, AddressVerifier verifier, OidcStrategy oidc,
      SessionService sessions, WebAuthnSettings webauthn) {
    this.kit = kit;
    this.identities = identities;
    this.sessionsApi = sessionsApi;
    this.passwords = passwords;
    this.policy = policy;
    this.verifier = verifier;
    this.oidc = oidc;
    this.webauthn = webauthn;
    this.sessions = sessions;
    this.totp = new TotpSettings(kit.settings(), identities);
    this.lookup = new LookupSettings(kit.settings(), identities);
    this.form = new SettingsForm(kit.settings(), identities, oidc, webauthn, totp, lookup);
  }

  @Override
  public void mount(Router r) {
    r.get("/self-service/settings/browser").handler(Http.async(ctx -> create(ctx, Flow.BROWSER)));
    r.get("/self-service/settings/api").handler(Http.async(ctx -> create(ctx, Flow.API)));
    r.get("/self-service/settings/flows").handler(FlowAnswers.getFlow(this::fetch));
    r.post("/self-service/settings").handler(Http.async(this::submit));
  }

  /** The session, or: browsers asking for HTML are sent to log in and come back; others get a 401. */
  private Future<Session> session(RoutingContext ctx, boolean browser) {
    return sessionsApi.current(ctx).recover(t -> {
      if (browser && !FlowAnswers.wantsJson(ctx) && t instanceof KratosError) {
        FlowAnswers.redirect(ctx, kit.settings().browserUrl("login",
            kit.settings().publicBaseUrl() + ctx.request().uri()));
      }
      return Future.failedFuture(t);
    });
  }

  private Future<?> create(RoutingContext ctx, String type) {
    String returnTo = kit.settings().returnUrls().check(ctx.request().getParam("return_to"));
    return session(ctx, Flow.BROWSER.equals(type)).compose(s -> {
      if (aalShort(ctx, Flow.BROWSER.equals(type), s, Flow.BROWSER.equals(type)
          ? kit.settings().publicBaseUrl() + ctx.request().uri() : null)) {
        return Future.succeededFuture();
      }
      Flow f = prepared(showForm(kit.lifecycle().start(ctx, KIND, type, returnTo).heldBy(s)), s.identity());
      return kit.lifecycle().open(ctx, f, form.of(f, s.identity()), stored -> json(stored, s.identity()));
    });
  }

  /**
   * A settings flow of {@code type} for the holder of {@code s} (with its identity), stored in {@code db} showing
   * {@code message}: what a completed recovery continues with (Kratos' {@code SettingsHandler().NewFlow}).
   */
  public Future<Flow> startFor(SqlClient db, RoutingContext ctx, Session s, String type, String returnTo,
      UiText message) {
    Flow f = prepared(showForm(kit.lifecycle().start(ctx, KIND, type, returnTo).heldBy(s)), s.identity());
    UiContainer ui = form.of(f, s.identity());
    ui.addMessage(message);
    return kit.lifecycle().insert(db, f, ui);
  }

  /** The flow of {@code ?flow=} as {@code GET /self-service/settings/flows} answers it (needs its session), for the pages. */
  public Future<JsonObject> fetch(RoutingContext ctx) {
    return kit.lifecycle().load(ctx, KIND).compose(f -> sessionsApi.current(ctx).map(s -> {
      if (!kit.settings().aalPolicy().settingsSatisfied(s)) {
        throw RedirectingError.aal2Required(kit.settings().aalPolicy().loginUrl(kit.settings().uiUrl(KIND)
            + "?flow=" + f.id()));
      }
      owned(f, s);
      kit.access().checkLive(ctx, f);
      return json(f, s.identity());
    }));
  }

  private Future<?> submit(RoutingContext ctx) {
    return kit.lifecycle().load(ctx, KIND).compose(f -> sessionsApi.current(ctx).compose(s -> {
      owned(f, s);
      IdentitySchema schema = identities.schema(s.identity().schemaId());
      JsonObject in = SubmittedFields.of(ctx, schema);
      kit.access().checkSubmission(ctx, f, in.getString("csrf_token"));
      if (f.expiredAt(Flow.now())) {
        return restart(ctx, f, s);
      }
      if (aalShort(ctx, f.browser(), s, kit.settings().publicBaseUrl() + ctx.request().uri())) {
        return Future.succeededFuture();
      }
      String keyMethod = webauthn.method(in);
      if (keyMethod != null) {
        return keys(ctx, f, s, in, keyMethod);
      }
      String method = method(in);
      if (method.equals(OidcStrategy.METHOD) && OidcStrategy.responsibleForSettings(in)) {
        return oidc.settings(ctx, f, s, in);
      }
      if (!List.of("profile", "password", Aal.TOTP, Aal.LOOKUP_SECRET).contains(method)
          || !kit.settings().methodEnabled(method)) {
        UiContainer ui = form.of(f, s.identity());
        ui.addMessage(SettingsMessages.settingsNoStrategyFound());
        return fail(ctx, f, ui, s.identity());
      }
      // As Kratos: password and second-factor changes always need a privileged session, profile ones only when
      // they touch identifiers or addresses.
      if (!kit.settings().privileged(s) && (!method.equals("profile")
          || protectedChange(schema, s.identity(), SubmittedFields.traits(in)))) {
        return refreshRequired(ctx, f);
      }
      return switch (method) {
        case "profile" -> profile(ctx, f, s, schema, in);
        case "password" -> password(ctx, f, s, in);
        case Aal.TOTP -> secondFactor(ctx, f, s, in, method, totp.submit(f, s.identity(), in));
        default -> secondFactor(ctx, f, s, in, method, lookup.submit(f.data(), s.identity(), in));
      };
    }));
  }

  /** The submission's method; as Kratos, a lookup_secret button or totp_unlink selects its method by itself. */
  private static String method(JsonObject in) {
    if (LookupSettings.submitted(in)) {
      return Aal.LOOKUP_SECRET;
    }
    return TotpSettings.unlink(in) ? Aal.TOTP : in.getString("method", "");
  }

  /**
   * Kratos: settings need {@code selfservice.flows.settings.required_aal}; a browser asking for HTML is sent to the
   * aal2 login (coming back to {@code returnTo}), others get 403 {@code session_aal2_required}. True when answered.
   */
  private boolean aalShort(RoutingContext ctx, boolean browser, Session s, String returnTo) {
    if (kit.settings().aalPolicy().settingsSatisfied(s)) {
      return false;
    }
    String login = kit.settings().aalPolicy().loginUrl(returnTo);
    if (browser && !FlowAnswers.wantsJson(ctx)) {
      FlowAnswers.redirect(ctx, login);
      return true;
    }
    throw RedirectingError.aal2Required(login);
  }

  /** Carries out what the TOTP or recovery-code method made of a submission. */
  private Future<Void> secondFactor(RoutingContext ctx, Flow f, Session s, JsonObject in, String method,
      SettingsStep step) {
    switch (step.kind()) {
      case INVALID -> {
        UiContainer ui = form.of(f, s.identity());
        ui.addMessage(step.error(), step.errorNode());
        return fail(ctx, f, ui, s.identity());
      }
      case SHOW -> {
        Flow shown = f.withData(step.flowData());
        Flow saved = shown.with("show_form", form.of(shown, s.identity()).toJson(), Flow.now());
        return kit.lifecycle().save(saved).map(x -> {
          if (f.browser() && !FlowAnswers.wantsJson(ctx)) {
            FlowAnswers.redirect(ctx, kit.settings().uiUrl(KIND) + "?flow=" + f.id());
            return null;
          }
          return Http.ok(ctx, json(saved, s.identity()));
        });
      }
      default -> {
        Flow next = f.withData(step.flowData());
        return save(ctx, next, s, in, method, List.of("credentials." + method), step.changed(), form.of(next,
            s.identity()), tx -> step.provenMethod() == null ? Future.succeededFuture()
            : sessions.addMethod(tx, s, step.provenMethod(), null, Aal.AAL2).mapEmpty());
      }
    }
  }

  /** Adds or removes a security key or passkey ({@link WebAuthnSettings}); both need a privileged session. */
  private Future<Void> keys(RoutingContext ctx, Flow f, Session s, JsonObject in, String method) {
    if (!kit.settings().privileged(s)) {
      return refreshRequired(ctx, f);
    }
    WebAuthnSettings.Change change = webauthn.submit(f, s.identity(), method, in);
    if (change instanceof WebAuthnSettings.Change.Refused refused) {
      UiContainer ui = form.of(f, s.identity());
      ui.addMessage(refused.message(), refused.node());
      return fail(ctx, f, ui, s.identity());
    }
    WebAuthnSettings.Change.Changed changed = (WebAuthnSettings.Change.Changed) change;
    return save(ctx, changed.flow(), s, in, method, List.of("credentials." + method), changed.identity(),
        form.of(changed.flow(), s.identity()), NOTHING);
  }

  /**
   * True when new traits change what identifies the identity or reaches it (credential identifiers, verifiable and
   * recovery addresses). As Kratos' protected fields, only such changes need a privileged session; a stale session
   * may still edit other traits. Recovery addresses count too: changing them would let a stolen session take over.
   */
  private static boolean protectedChange(IdentitySchema schema, Identity identity, JsonObject traits) {
    return !Extracted.extract(schema, identity.traits()).equals(Extracted.extract(schema, traits));
  }

  private Future<Void> profile(RoutingContext ctx, Flow f, Session s, IdentitySchema schema, JsonObject in) {
    JsonObject traits = SubmittedFields.traits(in);
    UiContainer ui = form.of(f, s.identity());
    TraitNodes.fill(ui, traits, NodeGroup.PROFILE);
    List<TraitViolation> violations = identities.validate(schema, traits);
    if (!violations.isEmpty()) {
      violations.forEach(v -> ui.addMessage(v.message(), v.nodeName()));
      return fail(ctx, f, ui, s.identity());
    }
    return save(ctx, f, s, in, "profile", List.of("traits"), identities.withTraits(s.identity(),
        s.identity().schemaId(), traits), ui, NOTHING);
  }

  private Future<Void> password(RoutingContext ctx, Flow f, Session s, JsonObject in) {
    String password = in.getString("password", "");
    UiContainer ui = form.of(f, s.identity());
    Credential c = s.identity().credential(Credential.PASSWORD);
    String identifier = c == null || c.identifiers().isEmpty() ? "" : c.identifiers().get(0);
    if (password.isEmpty()) {
      ui.addMessage(Messages.required("password"), "password");
      return fail(ctx, f, ui, s.identity());
    }
    var weak = policy.validate(identifier, password);
    if (weak.isPresent()) {
      ui.addMessage(PasswordPolicyText.of(weak.get()), "password");
      return fail(ctx, f, ui, s.identity());
    }
    return passwords.hash(password).compose(hash -> save(ctx, f, s, in, "password", List.of("password"),
        identities.withPassword(s.identity(), hash), ui, NOTHING));
  }

  /**
   * Saves {@code changed} as Kratos' settings hook executor does: pre-persist hooks may change or refuse it (changed
   * traits are checked again), it is written with the after hooks ({@code revoke_active_sessions}, ...) in one
   * transaction (with {@code alsoInTx}), and what hooks left for after the commit runs before the answer.
   */
  private Future<Void> save(RoutingContext ctx, Flow f, Session s, JsonObject in, String method, List<String> fields,
      Identity changed, UiContainer ui, Function<SqlConnection, Future<Void>> alsoInTx) {
    ClientInfo client = ClientInfo.of(ctx.request());
    HookContext hooks = kit.lifecycle().hookContext(ctx, f, json(f, s.identity())).method(method).identity(changed)
        .session(s).transientPayload(SubmittedFields.transientPayload(in));
    return kit.hooks().prePersist(KIND, method, hooks).compose(x -> {
      Identity result = hooks.identity();
      if (!result.traits().equals(changed.traits()) || !result.schemaId().equals(changed.schemaId())) {
        IdentitySchema schema = identities.schema(result.schemaId());
        List<TraitViolation> violations = identities.validate(schema, result.traits());
        if (!violations.isEmpty()) {
          violations.forEach(v -> ui.addMessage(v.message(), v.nodeName()));
          return fail(ctx, f, ui, s.identity());
        }
        // A hook's change to identifiers or addresses needs a privileged session too, as in Kratos.
        if (!kit.settings().privileged(s) && protectedChange(schema, s.identity(), result.traits())) {
          return refreshRequired(ctx, f);
        }
      }
      return kit.pool().withTransaction(tx -> identities.saveSettings(tx, result, method, fields, client, f.id())
              .compose(saved -> verifier.afterSettings(tx, ctx, f, saved).map(saved))
              .compose(saved -> alsoInTx.apply(tx).map(saved))
              .compose(saved -> kit.hooks().post(KIND, method, hooks.identity(saved).transaction(tx)).map(saved)))
          .compose(saved -> kit.hooks().committed(hooks).map(saved))
          .compose(saved -> success(ctx, f, saved));
    }).recover(t -> {
      if (t instanceof Duplicate) {
        ui.addMessage(Messages.duplicateCredentials());
        return fail(ctx, f, ui, s.identity());
      }
      if (t instanceof FlowInterrupted interrupted) {
        return kit.lifecycle().interrupted(ctx, f, "show_form", ui, interrupted, saved -> json(saved, s.identity()));
      }
      return Future.failedFuture(t);
    });
  }

  @Override
  public UiContainer form(Flow f, Identity identity) {
    return form.of(f, identity);
  }

  @Override
  public Future<Void> save(RoutingContext ctx, Flow f, Session s, String method, List<String> fields, Identity changed,
      Function<SqlConnection, Future<Void>> alsoInTx) {
    return save(ctx, f, s, new JsonObject(), method, fields, changed, form.of(f, s.identity()), alsoInTx);
  }

  @Override
  public Future<Void> refuse(RoutingContext ctx, Flow f, UiContainer ui, Identity identity) {
    return fail(ctx, f, ui, identity);
  }

  private Future<Void> success(RoutingContext ctx, Flow saving, Identity saved) {
    Flow f = totp.prepare(saving, saved);
    UiContainer ui = form.of(f, saved);
    ui.addMessage(SettingsMessages.settingsUpdateSuccess());
    Flow done = f.with("success", ui.toJson(), Flow.now());
    return kit.lifecycle().save(done).map(x -> {
      FlowOutcomes.succeeded(ctx, KIND);
      JsonObject out = json(done, saved);
      if (f.browser() && !FlowAnswers.wantsJson(ctx)) {
        FlowAnswers.redirect(ctx, f.returnTo() != null ? f.returnTo() : kit.settings().uiUrl(KIND) + "?flow=" + f.id());
        return null;
      }
      if (f.returnTo() != null) {
        out.put("continue_with", new JsonArray().add(FlowJson.continueWithRedirect(f.returnTo())));
      }
      return Http.ok(ctx, out);
    });
  }

  /**
   * A submission to an expired flow gets a new flow for the same session that says so, answered as Kratos' settings
   * error handler does (410 with {@code use_flow_id}, or a redirect to the form).
   */
  private Future<Void> restart(RoutingContext ctx, Flow expired, Session s) {
    Flow f = prepared(showForm(kit.lifecycle().replacement(ctx, expired).heldBy(s)), s.identity());
    UiContainer ui = form.of(f, s.identity());
    ui.addMessage(SettingsMessages.settingsFlowExpired(expired.expiresAt(), Flow.now()));
    return kit.lifecycle().reopen(ctx, expired, f, ui);
  }

  /** Kratos: 403 {@code session_refresh_required} with where to log in again; browsers are redirected there. */
  @Override
  public Future<Void> refreshRequired(RoutingContext ctx, Flow f) {
    String login = kit.settings().browserUrl("login", true, kit.settings().uiUrl(KIND) + "?flow=" + f.id());
    if (f.browser() && !FlowAnswers.wantsJson(ctx)) {
      FlowAnswers.redirect(ctx, login);
      return Future.succeededFuture();
    }
    return Future.failedFuture(KratosError.forbidden("session_refresh_required",
        "The login session is too old and thus not allowed to update these fields. Please re-authenticate.",
        new JsonObject().put("redirect_browser_to", login)));
  }

  private Future<Void> fail(RoutingContext ctx, Flow f, UiContainer ui, Identity identity) {
    return kit.lifecycle().refuse(ctx, f, "show_form", ui, saved -> json(saved, identity));
  }

  /** {@code f} with what the key and TOTP methods keep in the flow (the WebAuthn challenge, the TOTP key to enrol). */
  private Flow prepared(Flow f, Identity identity) {
    return totp.prepare(webauthn.prepare(f, identity), identity);
  }

  /** Kratos starts settings flows in state {@code show_form}. */
  private static Flow showForm(Flow f) {
    return f.with("show_form", f.ui(), f.updatedAt());
  }

  private static void owned(Flow f, Session s) {
    if (!s.identityId().equals(f.identityId())) {
      throw KratosError.forbidden("security_identity_mismatch",
          "The settings flow was initiated by another identity.");
    }
  }

  private JsonObject json(Flow f, Identity identity) {
    return FlowJson.common(f).put("identity", kit.json().identity(identity));
  }
}

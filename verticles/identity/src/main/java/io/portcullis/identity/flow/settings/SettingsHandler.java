package io.portcullis.identity.flow.settings;

import io.portcullis.identity.api.Http;
import io.portcullis.identity.api.SessionsApi;
import io.portcullis.identity.flow.Flow;
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
import io.portcullis.identity.store.Duplicate;
import io.portcullis.identity.ui.Messages;
import io.portcullis.identity.ui.NodeGroup;
import io.portcullis.identity.ui.UiContainer;
import io.portcullis.identity.ui.UiText;
import io.portcullis.identity.webauthn.WebAuthnSettings;
import io.portcullis.identitysessions.kratos.KratosError;
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
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * The settings flow: profile traits, password, security keys and passkeys ({@link WebAuthnSettings}), for the holder
 * of a session. Changes need a privileged session (authenticated within {@code privileged_session_max_age}) when they
 * touch the password, keys, identifiers or addresses; otherwise the holder is asked to log in again. With the
 * {@code revoke_active_sessions} after-hook a password change ends every other session; other hooks run as
 * {@code HookRunner} says (keys save by the same path, with method webauthn or passkey). Linking and unlinking
 * providers ({@code method=oidc}) is the OpenID Connect method's, which saves through {@link FlowSteps.Settings} with
 * the hooks of {@code after.oidc}.
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

  public SettingsHandler(FlowKit kit, IdentityService identities, SessionsApi sessionsApi,
      PasswordService passwords, PasswordPolicy policy, AddressVerifier verifier, OidcStrategy oidc,
      WebAuthnSettings webauthn) {
    this.kit = kit;
    this.identities = identities;
    this.sessionsApi = sessionsApi;
    this.passwords = passwords;
    this.policy = policy;
    this.form = new SettingsForm(kit.settings(), identities, oidc, webauthn);
    this.verifier = verifier;
    this.oidc = oidc;
    this.webauthn = webauthn;
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
      Flow f = webauthn.prepare(showForm(kit.lifecycle().start(ctx, KIND, type, returnTo).heldBy(s)), s.identity());
      return kit.lifecycle().open(ctx, f, form.of(f, s.identity()), stored -> json(stored, s.identity()));
    });
  }

  /**
   * A settings flow of {@code type} for the holder of {@code s} (with its identity), stored in {@code db} showing
   * {@code message}: what a completed recovery continues with (Kratos' {@code SettingsHandler().NewFlow}).
   */
  public Future<Flow> startFor(SqlClient db, RoutingContext ctx, Session s, String type, String returnTo,
      UiText message) {
    Flow f = webauthn.prepare(showForm(kit.lifecycle().start(ctx, KIND, type, returnTo).heldBy(s)), s.identity());
    UiContainer ui = form.of(f, s.identity());
    ui.addMessage(message);
    return kit.lifecycle().insert(db, f, ui);
  }

  /** The flow of {@code ?flow=} as {@code GET /self-service/settings/flows} answers it (needs its session), for the pages. */
  public Future<JsonObject> fetch(RoutingContext ctx) {
    return kit.lifecycle().load(ctx, KIND).compose(f -> sessionsApi.current(ctx).map(s -> {
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
      String keyMethod = webauthn.method(in);
      if (keyMethod != null) {
        return keys(ctx, f, s, in, keyMethod);
      }
      String method = in.getString("method", "");
      if (method.equals(OidcStrategy.METHOD) && OidcStrategy.responsibleForSettings(in)) {
        return oidc.settings(ctx, f, s, in);
      }
      if (!(method.equals("profile") || method.equals("password")) || !kit.settings().methodEnabled(method)) {
        UiContainer ui = form.of(f, s.identity());
        ui.addMessage(SettingsMessages.settingsNoStrategyFound());
        return fail(ctx, f, ui, s.identity());
      }
      if (!privileged(s)
          && (method.equals("password") || protectedChange(schema, s.identity(), SubmittedFields.traits(in)))) {
        return refreshRequired(ctx, f);
      }
      return method.equals("profile") ? profile(ctx, f, s, schema, in) : password(ctx, f, s, in);
    }));
  }

  /** Adds or removes a security key or passkey ({@link WebAuthnSettings}); both need a privileged session. */
  private Future<Void> keys(RoutingContext ctx, Flow f, Session s, JsonObject in, String method) {
    if (!privileged(s)) {
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

  /** True when {@code s} authenticated within {@code privileged_session_max_age}. */
  private boolean privileged(Session s) {
    return Duration.between(s.authenticatedAt(), Flow.now()).compareTo(kit.settings().privilegedSessionMaxAge()) <= 0;
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
        if (!privileged(s) && protectedChange(schema, s.identity(), result.traits())) {
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

  private Future<Void> success(RoutingContext ctx, Flow f, Identity saved) {
    UiContainer ui = form.of(f, saved);
    ui.addMessage(SettingsMessages.settingsUpdateSuccess());
    Flow done = f.with("success", ui.toJson(), Flow.now());
    return kit.lifecycle().save(done).map(x -> {
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
    Flow f = webauthn.prepare(showForm(kit.lifecycle().replacement(ctx, expired).heldBy(s)), s.identity());
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

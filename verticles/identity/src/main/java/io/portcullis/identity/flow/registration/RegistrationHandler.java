package io.portcullis.identity.flow.registration;

import io.portcullis.identity.api.Http;
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
import io.portcullis.identity.password.PolicyViolation;
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
import io.portcullis.identitysessions.kratos.KratosError;
import io.portcullis.identitysessions.model.Identity;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;

/**
 * The registration flow with the password method (traits and password in one step, Kratos' one-step layout). With
 * the {@code session} after-hook the new identity is logged in at once; other hooks run as {@code HookRunner} says.
 * Submissions with a {@code provider} go to the OpenID Connect method, which registers through
 * {@link FlowSteps.Registration}.
 */
public final class RegistrationHandler implements FlowEndpoints, FlowSteps.Registration {
  static final String KIND = "registration";
  private final FlowKit kit;
  private final IdentityService identities;
  private final SessionService sessions;
  private final PasswordService passwords;
  private final PasswordPolicy policy;
  private final RegistrationForm form;
  private final AddressVerifier verifier;
  private final OidcStrategy oidc;

  public RegistrationHandler(FlowKit kit, IdentityService identities, SessionService sessions,
      PasswordService passwords, PasswordPolicy policy, AddressVerifier verifier, OidcStrategy oidc) {
    this.kit = kit;
    this.identities = identities;
    this.sessions = sessions;
    this.passwords = passwords;
    this.policy = policy;
    this.form = new RegistrationForm(kit.settings(), oidc);
    this.verifier = verifier;
    this.oidc = oidc;
  }

  @Override
  public void mount(Router r) {
    r.get("/self-service/registration/browser").handler(Http.async(ctx -> create(ctx, Flow.BROWSER)));
    r.get("/self-service/registration/api").handler(Http.async(ctx -> create(ctx, Flow.API)));
    r.get("/self-service/registration/flows").handler(FlowAnswers.getFlow(this::fetch));
    r.post("/self-service/registration").handler(Http.async(this::submit));
  }

  private void requireEnabled() {
    if (!kit.settings().registrationEnabled()) {
      throw new KratosError(400, "self_service_flow_disabled",
          "The request was malformed or contained invalid parameters", "Registration is not allowed because it was "
          + "disabled.");
    }
  }

  private Future<?> create(RoutingContext ctx, String type) {
    requireEnabled();
    String returnTo = kit.settings().returnUrls().check(ctx.request().getParam("return_to"));
    return sessions.authenticate(kit.sessionCookie().token(ctx, type)).compose(current -> {
      if (current.isPresent()) {
        return kit.answers().alreadyLoggedIn(ctx, Flow.BROWSER.equals(type),
            returnTo != null ? returnTo : kit.settings().afterUrl(KIND, "password"),
            "A valid session was detected and thus registration is not possible.");
      }
      Flow f = kit.lifecycle().start(ctx, KIND, type, returnTo);
      return kit.lifecycle().open(ctx, f, form.of(f, identities.schemas().defaultSchema()), FlowJson::common);
    });
  }

  /** The flow of {@code ?flow=} as {@code GET /self-service/registration/flows} answers it, for the pages. */
  public Future<JsonObject> fetch(RoutingContext ctx) {
    return kit.lifecycle().load(ctx, KIND).map(f -> {
      kit.access().checkLive(ctx, f);
      return FlowJson.common(f);
    });
  }

  private Future<?> submit(RoutingContext ctx) {
    requireEnabled();
    IdentitySchema schema = identities.schemas().defaultSchema();
    return kit.lifecycle().load(ctx, KIND).compose(f -> {
      JsonObject in = SubmittedFields.of(ctx, schema);
      kit.access().checkSubmission(ctx, f, in.getString("csrf_token"));
      if (f.expiredAt(Flow.now())) {
        return restart(ctx, f);
      }
      if (OidcStrategy.responsible(in)) {
        return oidc.startRegistration(ctx, f, in);
      }
      JsonObject traits = SubmittedFields.traits(in);
      String password = in.getString("password", "");
      UiContainer ui = form.of(f, schema);
      TraitNodes.fill(ui, traits, NodeGroup.DEFAULT);
      if (!"password".equals(in.getString("method")) || !kit.settings().methodEnabled("password")) {
        ui.addMessage(RegistrationMessages.registrationNoStrategyFound());
        return fail(ctx, f, ui);
      }
      List<TraitViolation> violations = identities.validate(schema, traits);
      for (TraitViolation v : violations) {
        ui.addMessage(v.message(), v.nodeName());
      }
      if (password.isEmpty()) {
        ui.addMessage(Messages.required("password"), "password");
      } else if (violations.isEmpty()) {
        List<String> ids = Extracted.extract(schema, traits).passwordIdentifiers();
        Optional<PolicyViolation> weak = policy.validate(ids.isEmpty() ? "" : ids.get(0), password);
        weak.ifPresent(w -> ui.addMessage(PasswordPolicyText.of(w), "password"));
      }
      if (ui.nodes().stream().anyMatch(n -> !n.messages().isEmpty())) {
        return fail(ctx, f, ui);
      }
      HookContext hooks = kit.lifecycle().hookContext(ctx, f, FlowJson.common(f)).method("password")
          .transientPayload(SubmittedFields.transientPayload(in));
      return passwords.hash(password).compose(hash -> register(ctx, f, hooks.identity(identities.draft(schema, traits,
              hash)), ui))
          .recover(t -> {
            if (t instanceof Duplicate) {
              ui.addMessage(Messages.duplicateCredentials());
              return fail(ctx, f, ui);
            }
            if (t instanceof FlowInterrupted interrupted) {
              return kit.lifecycle().interrupted(ctx, f, f.state(), ui, interrupted, FlowJson::common);
            }
            return Future.failedFuture(t);
          });
    });
  }

  @Override
  public UiContainer form(Flow f) {
    return form.of(f, identities.schemas().defaultSchema());
  }

  /**
   * A provider's sign-up: registered as by password with the hooks of {@code after.oidc} (the {@code session} hook
   * logging in with the provider); a taken identifier fails with {@code Duplicate} for the method to link accounts.
   */
  @Override
  public Future<Void> registered(RoutingContext ctx, Flow f, Identity draft, String provider) {
    HookContext hooks = kit.lifecycle().hookContext(ctx, f, FlowJson.common(f)).method(OidcStrategy.METHOD)
        .provider(provider).identity(draft);
    UiContainer ui = form(f);
    TraitNodes.fill(ui, draft.traits(), NodeGroup.DEFAULT);
    return register(ctx, f, hooks, ui).recover(t -> t instanceof FlowInterrupted interrupted
        ? kit.lifecycle().interrupted(ctx, f, f.state(), ui, interrupted, FlowJson::common)
        : Future.failedFuture(t));
  }

  @Override
  public Future<Void> refuse(RoutingContext ctx, Flow f, UiContainer ui) {
    return fail(ctx, f, ui);
  }

  /**
   * As Kratos: the pre-persist hooks of the method may change or refuse the new identity (whose traits are then
   * checked again), it is written with the after hooks ({@code session} among them) in one transaction, and what
   * hooks left for after the commit runs before the answer.
   */
  private Future<Void> register(RoutingContext ctx, Flow f, HookContext hooks, UiContainer ui) {
    ClientInfo client = ClientInfo.of(ctx.request());
    JsonObject submitted = hooks.identity().traits();
    String method = hooks.method();
    return kit.hooks().prePersist(KIND, method, hooks).compose(x -> {
      Identity draft = hooks.identity();
      if (!draft.traits().equals(submitted) || !draft.schemaId().equals(identities.schemas().defaultId())) {
        List<TraitViolation> violations = identities.validate(identities.schema(draft.schemaId()), draft.traits());
        if (!violations.isEmpty()) {
          violations.forEach(v -> ui.addMessage(v.message(), v.nodeName()));
          return fail(ctx, f, ui);
        }
      }
      return kit.pool().withTransaction(tx -> identities.register(tx, draft, f.id(), client, method)
              .compose(identity -> verifier.afterRegistration(tx, ctx, f, identity).map(identity))
              .compose(identity -> kit.hooks().post(KIND, method, hooks.identity(identity).transaction(tx)))
              .compose(y -> kit.lifecycle().save(tx, f.with("passed_challenge", f.ui(), Flow.now()))))
          .compose(y -> kit.hooks().committed(hooks))
          .map(y -> {
            FlowOutcomes.succeeded(ctx, KIND);
            answer(ctx, f, hooks.identity(), hooks.issued(), method);
            return null;
          });
    });
  }

  private void answer(RoutingContext ctx, Flow f, Identity identity, Optional<SessionService.Issued> issued,
      String method) {
    JsonObject out = new JsonObject().put("identity", kit.json().identity(identity));
    JsonArray continueWith = new JsonArray();
    if (issued.isPresent()) {
      out.put("session", kit.json().session(issued.get().session().withIdentity(identity)));
      if (!f.browser()) {
        out.put("session_token", issued.get().token());
        continueWith.add(FlowJson.continueWithToken(issued.get().token()).getValue(0));
      } else {
        kit.sessionCookie().set(ctx, issued.get().token(), issued.get().session().expiresAt());
      }
    }
    String next = f.returnTo() != null ? f.returnTo() : kit.settings().afterUrl(KIND, method);
    if (f.browser() && !FlowAnswers.wantsJson(ctx)) {
      FlowAnswers.redirect(ctx, next);
      return;
    }
    if (f.browser()) {
      continueWith.add(FlowJson.continueWithRedirect(next));
    }
    if (!continueWith.isEmpty()) {
      out.put("continue_with", continueWith);
    }
    Http.json(ctx, 200, out);
  }

  private Future<Void> fail(RoutingContext ctx, Flow f, UiContainer ui) {
    return kit.lifecycle().refuse(ctx, f, f.state(), ui, FlowJson::common);
  }

  private Future<Void> restart(RoutingContext ctx, Flow expired) {
    Flow f = kit.lifecycle().replacement(ctx, expired);
    UiContainer ui = form.of(f, identities.schemas().defaultSchema());
    ui.addMessage(RegistrationMessages.registrationFlowExpired(expired.expiresAt(), Flow.now()));
    return kit.lifecycle().reopen(ctx, expired, f, ui);
  }
}

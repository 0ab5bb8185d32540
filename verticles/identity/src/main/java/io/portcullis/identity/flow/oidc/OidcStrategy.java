package io.portcullis.identity.flow.oidc;

import io.portcullis.identity.api.Http;
import io.portcullis.identity.flow.Flow;
import io.portcullis.identity.flow.FlowAnswers;
import io.portcullis.identity.flow.FlowEndpoints;
import io.portcullis.identity.flow.FlowKit;
import io.portcullis.identity.manage.IdentityService;
import io.portcullis.identity.oidc.Claims;
import io.portcullis.identity.oidc.ClaimsMapper;
import io.portcullis.identity.oidc.OidcCredentials;
import io.portcullis.identity.oidc.OidcProvider;
import io.portcullis.identity.oidc.Providers;
import io.portcullis.identity.oidc.TokenCipher;
import io.portcullis.identity.oidc.Tokens;
import io.portcullis.identity.schema.IdentitySchema;
import io.portcullis.identity.schema.TraitNodes;
import io.portcullis.identity.schema.TraitViolation;
import io.portcullis.identity.session.ClientInfo;
import io.portcullis.identity.session.SessionService;
import io.portcullis.identity.store.Duplicate;
import io.portcullis.identity.ui.CommonNodes;
import io.portcullis.identity.ui.InputType;
import io.portcullis.identity.ui.Messages;
import io.portcullis.identity.ui.NodeGroup;
import io.portcullis.identity.ui.UiContainer;
import io.portcullis.identity.ui.UiNode;
import io.portcullis.identity.ui.UiText;
import io.portcullis.identitysessions.aal.Aal;
import io.portcullis.identitysessions.kratos.KratosError;
import io.portcullis.identitysessions.model.Credential;
import io.portcullis.identitysessions.model.Identity;
import io.portcullis.identitysessions.model.Session;
import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.SqlClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Kratos' {@code oidc} method: sign-in, sign-up and linking with OpenID Connect and OAuth 2.0 providers, for browser
 * flows. A submission with {@code provider} sends the browser to the provider with a {@code state} (naming the flow),
 * PKCE and a nonce, all kept server-side with the flow and tied to the browser by the {@code ory_kratos_continuity}
 * cookie; the provider sends it back to {@code /self-service/methods/oidc/callback/<provider>}, where the code is
 * exchanged, the claims checked and the flow completed by its own handler ({@link FlowSteps}). A first sign-in of an
 * unknown subject registers (when registration is enabled) with the traits the provider's Jsonnet mapper gives;
 * an address already taken leads to Kratos' account-linking login flow.
 */
public final class OidcStrategy implements FlowEndpoints {
  public static final String METHOD = OidcCredentials.TYPE;
  static final String ROUTE = "/self-service/methods/oidc";
  static final String CONTINUITY_COOKIE = "ory_kratos_continuity";
  /** Kratos' continuity lifespan for an authorization under way. */
  static final Duration LIFESPAN = Duration.ofMinutes(30);
  /** Where a login flow keeps an account-linking request (Kratos' internal context key). */
  static final String DUPLICATE = "registration_duplicate_credentials";
  /** What a link or unlink changes (the settings event's fields). */
  private static final List<String> CREDENTIALS = List.of("credentials." + METHOD);
  private static final String DISABLED = "This endpoint was disabled by system administrator. Please check your url or "
      + "contact the system administrator to enable it.";
  private final FlowKit kit;
  private final Providers providers;
  private final ClaimsMapper mapper;
  private final IdentityService identities;
  private final SessionService sessions;
  private final TokenCipher cipher;
  private FlowSteps.Login login;
  private FlowSteps.Registration registration;
  private FlowSteps.Settings settings;

  public OidcStrategy(FlowKit kit, Providers providers, ClaimsMapper mapper, IdentityService identities,
      SessionService sessions, TokenCipher cipher) {
    this.kit = kit;
    this.providers = providers;
    this.mapper = mapper;
    this.identities = identities;
    this.sessions = sessions;
    this.cipher = cipher;
  }

  /** The flows a callback completes; set once the handlers exist. */
  public void connect(FlowSteps.Login login, FlowSteps.Registration registration, FlowSteps.Settings settings) {
    this.login = login;
    this.registration = registration;
    this.settings = settings;
  }

  public boolean enabled() {
    return kit.settings().methodEnabled(METHOD);
  }

  @Override
  public void mount(Router r) {
    r.get(ROUTE + "/callback/:provider").handler(Http.async(this::callback));
    r.get(ROUTE + "/callback").handler(Http.async(this::callback));
    // Apple posts the callback as a form; Kratos turns it into the same GET (where the cookies come along).
    r.post(ROUTE + "/callback/:provider").handler(this::postToGet);
  }

  // ---- form nodes ---------------------------------------------------------------------------------------------

  /**
   * The provider buttons of a login form, first as Kratos' login sorts the {@code oidc} group; a refresh by
   * {@code refreshing} offers only the providers linked to it.
   */
  public void addLoginNodes(UiContainer ui, Identity refreshing) {
    if (!enabled()) {
      return;
    }
    List<String> linked = refreshing == null ? null : OidcCredentials.linkedProviders(refreshing);
    List<UiNode> buttons = new ArrayList<>();
    for (OidcProvider p : providers.all()) {
      if (p.config().organizationId().isEmpty() && (linked == null || linked.contains(p.config().id()))) {
        buttons.add(button(p.config().id(), OidcMessages.loginWith(p.config().displayName(), p.config().id())));
      }
    }
    ui.nodes().addAll(0, buttons);
  }

  /** The "Sign up with" buttons of a registration form. */
  public void addRegistrationNodes(UiContainer ui) {
    if (!enabled()) {
      return;
    }
    List<UiNode> buttons = new ArrayList<>();
    for (OidcProvider p : providers.all()) {
      if (p.config().organizationId().isEmpty()) {
        buttons.add(button(p.config().id(),
            OidcMessages.registrationWith(p.config().displayName(), p.config().id())));
      }
    }
    ui.nodes().addAll(0, buttons);
  }

  /**
   * Kratos' {@code PopulateSettingsMethod} (browser flows only): "Link" for each provider not linked yet, "Unlink"
   * for each linked one unless it would leave no way to sign in.
   */
  public void addSettingsNodes(UiContainer ui, Flow f, Identity identity) {
    if (!enabled() || !f.browser()) {
      return;
    }
    List<String> linked = OidcCredentials.linkedProviders(identity);
    for (OidcProvider p : providers.all()) {
      if (!linked.contains(p.config().id()) && p.config().organizationId().isEmpty()) {
        ui.appendNode(input("link", p.config().id(), OidcMessages.link(p.config().displayName())));
      }
    }
    if (OidcCredentials.firstFactors(identity) > 1) {
      for (String id : linked) {
        providers.find(id).ifPresent(p -> ui.appendNode(input("unlink", id,
            OidcMessages.unlink(p.config().displayName()))));
      }
    }
  }

  private static UiNode button(String providerId, UiText label) {
    return input("provider", providerId, label);
  }

  private static UiNode input(String name, String value, UiText label) {
    UiNode n = UiNode.input(name, InputType.SUBMIT, NodeGroup.OIDC);
    n.input().value(value);
    return n.label(label);
  }

  // ---- submissions ----------------------------------------------------------------------------------------------

  /** A login or registration submission this method is responsible for: a {@code provider}, method oidc or none. */
  public static boolean responsible(JsonObject in) {
    String method = in.getString("method", "");
    return !in.getString("provider", "").isEmpty() && (method.isEmpty() || method.equalsIgnoreCase(METHOD));
  }

  /** A settings submission this method is responsible for: {@code link} or {@code unlink}. */
  public static boolean responsibleForSettings(JsonObject in) {
    return !in.getString("link", "").isEmpty() || !in.getString("unlink", "").isEmpty();
  }

  /** A login submission with {@code provider}: off to the provider. */
  public Future<Void> startLogin(RoutingContext ctx, Flow f, JsonObject in) {
    return authorize(ctx, f, in.getString("provider"), traitsOf(in), upstream(in),
        f.data().getBoolean("refresh", false));
  }

  /** A registration submission with {@code provider} and maybe traits typed in. */
  public Future<Void> startRegistration(RoutingContext ctx, Flow f, JsonObject in) {
    return authorize(ctx, f, in.getString("provider"), traitsOf(in), upstream(in), false);
  }

  /**
   * A settings submission: {@code link} sends the browser to the provider (a privileged session is needed, as for
   * every link), {@code unlink} removes the provider unless it is the last way to sign in.
   */
  public Future<Void> settings(RoutingContext ctx, Flow f, Session s, JsonObject in) {
    requireEnabled();
    String link = in.getString("link", "");
    String unlink = in.getString("unlink", "");
    Identity identity = s.identity();
    if (!link.isEmpty() && !unlink.isEmpty()) {
      return settingsRefusal(ctx, f, identity, "it is not possible to link and unlink providers in the same request");
    }
    if (!link.isEmpty()) {
      if (!linkable(identity).contains(link)) {
        return settingsRefusal(ctx, f, identity, "can not link unknown or already existing OpenID Connect "
            + "connection");
      }
      if (!kit.settings().privileged(s)) {
        return settings.refreshRequired(ctx, f);
      }
      return authorize(ctx, f, link, new JsonObject(), upstream(in), false);
    }
    if (!kit.settings().privileged(s)) {
      return settings.refreshRequired(ctx, f);
    }
    if (OidcCredentials.firstFactors(identity) < 2) {
      return settingsRefusal(ctx, f, identity, "can not unlink OpenID Connect connection because it is the last "
          + "remaining first factor credential");
    }
    if (providers.find(unlink).isEmpty() || !OidcCredentials.linkedProviders(identity).contains(unlink)) {
      return settingsRefusal(ctx, f, identity, "can not unlink non-existing OpenID Connect connection");
    }
    Credential c = OidcCredentials.without(identity.credential(METHOD), unlink, Flow.now());
    return settings.save(ctx, f, s, METHOD, CREDENTIALS, identities.withCredential(identity, c),
        tx -> Future.succeededFuture());
  }

  private Future<Void> settingsRefusal(RoutingContext ctx, Flow f, Identity identity, String reason) {
    UiContainer ui = settings.form(f, identity);
    ui.addMessage(Messages.validationGeneric(reason));
    return settings.refuse(ctx, f, ui, identity);
  }

  private List<String> linkable(Identity identity) {
    List<String> linked = OidcCredentials.linkedProviders(identity);
    return providers.all().stream().map(p -> p.config().id()).filter(id -> !linked.contains(id)).toList();
  }

  private void requireEnabled() {
    if (!enabled()) {
      throw KratosError.notFound(DISABLED);
    }
  }

  /** Keeps the authorization with the flow, sets the continuity cookie and sends the browser to the provider. */
  private Future<Void> authorize(RoutingContext ctx, Flow f, String providerId, JsonObject traits,
      Map<String, String> upstream, boolean forceLogin) {
    requireEnabled();
    OidcProvider p = providers.get(providerId);
    return p.usesPkce().compose(pkce -> {
      String state = Pending.newState(f.id());
      String continuity = Pending.random(32);
      String verifier = pkce ? Pending.random(32) : null;
      String nonce = p.sendsNonce() ? Pending.random(24) : null;
      Pending pending = new Pending(providerId, Pending.hash(state), Pending.hash(continuity), verifier, nonce, traits,
          Flow.now().plus(LIFESPAN));
      OidcProvider.Authorization a = new OidcProvider.Authorization(state, redirectUri(p), verifier == null ? null
          : Pending.challenge(verifier), nonce, forceLogin, upstream);
      return p.authorizationUrl(a).compose(url -> kit.lifecycle().save(pending.keptIn(f)).map(saved -> {
        Cookie cookie = continuityCookie(continuity).setMaxAge(LIFESPAN.toSeconds());
        ctx.response().addCookie(cookie);
        FlowAnswers.redirectBrowser(ctx, url);
        return null;
      }));
    });
  }

  /** Kratos' {@code Configuration.Redir}: the callback URL given to the provider. */
  String redirectUri(OidcProvider p) {
    String base = providers.config().baseRedirectUri().isEmpty() ? kit.settings().publicBaseUrl()
        : providers.config().baseRedirectUri();
    base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    return p.config().pkce().equals("force") ? base + ROUTE + "/callback" : base + ROUTE + "/callback/"
        + p.config().id();
  }

  private static JsonObject traitsOf(JsonObject in) {
    return in.getValue("traits") instanceof JsonObject t ? io.portcullis.identity.flow.SubmittedFields.traits(in)
        : new JsonObject();
  }

  private static Map<String, String> upstream(JsonObject in) {
    Map<String, String> out = new LinkedHashMap<>();
    if (in.getValue("upstream_parameters") instanceof JsonObject up) {
      for (String k : up.fieldNames()) {
        if (up.getValue(k) instanceof String v) {
          out.put(k, v);
        }
      }
    }
    return out;
  }

  // ---- the callback ---------------------------------------------------------------------------------------------

  private void postToGet(RoutingContext ctx) {
    StringBuilder q = new StringBuilder();
    ctx.request().formAttributes().forEach((k, v) -> q.append(q.length() == 0 ? "" : "&").append(
        io.portcullis.identity.oidc.HttpJson.enc(k)).append('=').append(io.portcullis.identity.oidc.HttpJson.enc(v)));
    String query = ctx.request().query();
    String all = query == null || query.isEmpty() ? q.toString() : query + (q.length() == 0 ? "" : "&" + q);
    ctx.response().setStatusCode(302).putHeader("Location", kit.settings().publicBaseUrl() + ctx.request().path()
        + (all.isEmpty() ? "" : "?" + all)).end();
  }

  /** A flow found by the state, with what was kept for it. */
  private record Callback(Flow flow, Pending pending, Session session, OidcProvider provider) {
  }

  private Future<?> callback(RoutingContext ctx) {
    String state = ctx.request().getParam("state", "");
    if (state.isEmpty()) {
      throw KratosError.badRequest("Unable to complete OpenID Connect flow because the OpenID Provider did not return "
          + "the state query parameter.");
    }
    UUID flowId = Pending.flowOf(state).orElseThrow(OidcStrategy::invalidState);
    return findFlow(flowId).compose(found -> {
      Flow f = found.orElseThrow(() -> KratosError.notFound("Unable to locate the resource"));
      String fromUrl = ctx.pathParam("provider");
      Optional<Pending> kept = Pending.of(f);
      if (kept.isEmpty()) {
        // Used up or never started here: as Kratos when the continuity container is gone.
        return flowError(ctx, f, new Callback(f, null, null, fromUrl == null ? null : providers.find(fromUrl)
            .orElse(null)), notResumable());
      }
      Pending pending = kept.get();
      if (fromUrl != null && !fromUrl.equals(pending.provider())) {
        throw KratosError.badRequest("Unable to complete OpenID Connect flow: provider mismatch between internal "
            + "state and URL.");
      }
      if (f.expiredAt(Flow.now())) {
        // Kratos answers an expired flow with a new one; the browser starts over where the flow began.
        FlowAnswers.redirect(ctx, kit.settings().browserUrl(f.kind(), f.returnTo()));
        return Future.succeededFuture();
      }
      return sessions.authenticate(kit.sessionCookie().token(ctx, Flow.BROWSER))
          .compose(s -> verified(ctx, new Callback(f, pending, s.orElse(null), providers.get(pending.provider())),
              state));
    });
  }

  /** Kratos' {@code continuity.ErrNotResumable}. */
  private static KratosError notResumable() {
    return new KratosError(400, null, "no resumable session found", "The browser does not contain the necessary "
        + "cookie to resume the session. This is a security violation and was blocked. Please clear your browser's "
        + "cookies and cache and try again!");
  }

  /**
   * As Kratos' continuity cookie manager: SameSite=Lax whatever {@code cookies.same_site} says, so a provider's
   * redirect back (a cross-site top-level GET) carries it, and an {@code http://} base URL with the seed's
   * {@code same_site: None} does not make browsers drop it (None without Secure).
   */
  private Cookie continuityCookie(String value) {
    return kit.settings().cookies().cookie(CONTINUITY_COOKIE, value).setSameSite(CookieSameSite.LAX);
  }

  private static KratosError invalidState() {
    return KratosError.badRequest("Unable to complete OpenID Connect flow because the state parameter is invalid.");
  }

  /** As Kratos' {@code validateFlow}: registration, then login, then settings. */
  private Future<Optional<Flow>> findFlow(UUID id) {
    return kit.lifecycle().find(id, "registration").compose(r -> r.isPresent() ? Future.succeededFuture(r)
        : kit.lifecycle().find(id, "login").compose(l -> l.isPresent() ? Future.succeededFuture(l)
            : kit.lifecycle().find(id, "settings")));
  }

  /** The state and continuity cookie checked and used up, the provider's answer read, then the flow completed. */
  private Future<Void> verified(RoutingContext ctx, Callback c, String state) {
    Flow f = c.flow();
    if (f.kind().equals("settings")) {
      if (c.session() == null) {
        throw KratosError.noSession();
      }
      if (!c.session().identityId().equals(f.identityId())) {
        throw KratosError.forbidden("security_identity_mismatch", "The settings flow was initiated by another "
            + "identity.");
      }
    }
    Cookie continuity = ctx.request().getCookie(CONTINUITY_COOKIE);
    if (!c.pending().resumableBy(continuity == null ? null : continuity.getValue(), Flow.now())) {
      // Another browser (or none) started this: the authorization stays for the one that did.
      return flowError(ctx, f, c, notResumable());
    }
    boolean sent = c.pending().sentWith(state);
    ctx.response().addCookie(continuityCookie("").setMaxAge(0));
    Flow used = Pending.consumed(f);
    return kit.lifecycle().save(used).compose(saved -> {
      if (!sent) {
        return Future.failedFuture(KratosError.badRequest("Unable to complete OpenID Connect flow because the query "
            + "state parameter does not match the state parameter from the session cookie."));
      }
      String error = ctx.request().getParam("error", "");
      if (!error.isEmpty()) {
        return Future.failedFuture(KratosError.badRequest("Unable to complete OpenID Connect flow because the OpenID "
            + "Provider returned error \"" + error + "\": " + ctx.request().getParam("error_description", "")));
      }
      String code = ctx.request().getParam("code", ctx.request().getParam("authCode", ""));
      if (code.isEmpty()) {
        return Future.failedFuture(KratosError.badRequest("Unable to complete OpenID Connect flow because the OpenID "
            + "Provider did not return the code query parameter."));
      }
      if (c.session() != null && !f.kind().equals("settings") && !f.data().getBoolean("refresh", false)) {
        // Kratos' alreadyAuthenticated: someone with a session is sent on.
        FlowAnswers.redirect(ctx, f.returnTo() != null ? f.returnTo() : kit.settings().returnUrls().defaultReturnUrl());
        return Future.succeededFuture();
      }
      OidcProvider p = c.provider();
      return p.exchange(code, c.pending().verifier(), redirectUri(p))
          .compose(tokens -> p.claims(tokens, c.pending().nonce()).map(claims -> new Answer(claims.validate(),
              tokens)))
          .compose(answer -> complete(ctx, saved, c, answer));
    }).recover(t -> flowError(ctx, used, c, t));
  }

  /** What the provider said. */
  private record Answer(Claims claims, Tokens tokens) {
  }

  private Future<Void> complete(RoutingContext ctx, Flow f, Callback c, Answer a) {
    return switch (f.kind()) {
      case "login" -> loginWith(ctx, f, c.provider(), a, c.pending().traits());
      case "registration" -> registerWith(ctx, f, c.provider(), a, c.pending().traits());
      default -> link(ctx, f, c.session(), c.provider(), a);
    };
  }

  /**
   * Kratos' {@code ProcessLogin}: the identity holding {@code provider:subject} logs in; an unknown subject signs up
   * through a new registration flow (when registration is enabled).
   */
  private Future<Void> loginWith(RoutingContext ctx, Flow f, OidcProvider p, Answer a, JsonObject traits) {
    String identifier = OidcCredentials.identifier(p.config().id(), a.claims().subject());
    return identities.store().findByIdentifier(kit.pool(), METHOD, identifier).compose(found -> {
      if (found.isPresent()) {
        return loggedIn(ctx, f, found.get(), p, a);
      }
      if (!kit.settings().registrationEnabled()) {
        return Future.failedFuture(new KratosError(400, "self_service_flow_disabled",
            "registration flow disabled", "Registration is not allowed because it was disabled."));
      }
      Flow rf = kit.lifecycle().start(ctx, "registration", f.type(), f.returnTo());
      Flow carried = new Flow(rf.id(), rf.kind(), rf.type(), rf.state(), f.requestUrl(), rf.returnTo(),
          rf.csrfToken(), null, null, rf.data(), rf.ui(), rf.issuedAt(), rf.expiresAt(), rf.createdAt(),
          rf.updatedAt());
      return kit.lifecycle().insert(kit.pool(), carried, registration.form(carried))
          .compose(stored -> registerWith(ctx, stored, p, a, traits)
              .recover(t -> flowError(ctx, stored, new Callback(stored, null, null, p), t)));
    });
  }

  private Future<Void> loggedIn(RoutingContext ctx, Flow f, Identity identity, OidcProvider p, Answer a) {
    boolean matches = OidcCredentials.providers(identity.credential(METHOD)).stream().anyMatch(e ->
        p.config().id().equals(e.getString("provider")) && a.claims().subject().equals(e.getString("subject")));
    if (!matches) {
      return Future.failedFuture(KratosError.internal("Unable to find matching OpenID Connect credentials."));
    }
    if (!identity.active()) {
      return Future.failedFuture(new KratosError(401, null, "identity is disabled", "This account was disabled."));
    }
    return login.loggedIn(ctx, f, identity, p.config().id());
  }

  /**
   * Kratos' {@code processRegistration}: a known subject logs in through a new login flow; otherwise the mapper's
   * traits (overridden by those typed in) are validated and the identity registered with the provider's verified
   * addresses. A taken identifier leads to the account-linking login flow.
   */
  private Future<Void> registerWith(RoutingContext ctx, Flow rf, OidcProvider p, Answer a, JsonObject typed) {
    String identifier = OidcCredentials.identifier(p.config().id(), a.claims().subject());
    return identities.store().findByIdentifier(kit.pool(), METHOD, identifier).compose(found -> {
      if (found.isPresent()) {
        Flow lf = newLoginFlow(ctx, rf);
        return kit.lifecycle().insert(kit.pool(), lf, login.form(lf)).compose(stored -> loggedIn(ctx, stored, found.get(), p, a));
      }
      return mapper.map(p.config().mapperUrl(), a.claims()).compose(mapped -> {
        IdentitySchema schema = identities.schemas().defaultSchema();
        JsonObject traits = merge(mapped.traits(), typed);
        List<TraitViolation> violations = identities.validate(schema, traits);
        if (!violations.isEmpty()) {
          UiContainer ui = continueForm(rf, p.config().id());
          TraitNodes.nodes(schema, NodeGroup.DEFAULT).forEach(ui::appendNode);
          TraitNodes.fill(ui, traits, NodeGroup.DEFAULT);
          violations.forEach(v -> ui.addMessage(v.message(), v.nodeName()));
          return registration.refuse(ctx, rf, ui);
        }
        Map<String, Boolean> verified = new HashMap<>();
        mapped.verified().forEach(v -> verified.put(v.via() + ":" + v.value(), true));
        JsonObject entry = OidcCredentials.entry(p.config().id(), a.claims().subject(), a.tokens(), cipher);
        Credential credential = OidcCredentials.with(null, List.of(entry), Flow.now());
        Identity draft = identities.draft(schema, traits, mapped.metadataPublic(), mapped.metadataAdmin(), credential,
            verified);
        return registration.registered(ctx, rf, draft, p.config().id()).recover(t -> t instanceof Duplicate
            ? accountLinking(ctx, rf, draft, p, entry) : Future.failedFuture(t));
      });
    });
  }

  /** Kratos' {@code merge}: the traits typed into the form override the mapper's, objects merged deeply. */
  static JsonObject merge(JsonObject fromProvider, JsonObject typed) {
    JsonObject out = fromProvider.copy();
    for (String k : typed.fieldNames()) {
      Object v = typed.getValue(k);
      if (v instanceof JsonObject o && out.getValue(k) instanceof JsonObject existing) {
        out.put(k, merge(existing, o));
      } else {
        out.put(k, v);
      }
    }
    return out;
  }

  /** A registration form reduced as Kratos' {@code HandleError} does: CSRF and "Continue" with this provider. */
  private static UiContainer continueForm(Flow rf, String providerId) {
    UiContainer ui = new UiContainer(UiContainer.fromJson(rf.ui()).action(), "POST");
    ui.appendNode(CommonNodes.csrf(rf.csrfToken()));
    ui.appendNode(button(providerId, OidcMessages.registrationContinue()));
    return ui;
  }

  private Flow newLoginFlow(RoutingContext ctx, Flow from) {
    Flow lf = kit.lifecycle().start(ctx, "login", from.type(), from.returnTo())
        .withData(new JsonObject().put("refresh", false));
    return new Flow(lf.id(), lf.kind(), lf.type(), lf.state(), from.requestUrl(), lf.returnTo(), lf.csrfToken(), null,
        null, lf.data(), lf.ui(), lf.issuedAt(), lf.expiresAt(), lf.createdAt(), lf.updatedAt());
  }

  /**
   * Kratos' account linking: the new identity's identifier belongs to another identity, so a login flow asks to sign
   * in to that one (its provider button hidden, the identifier fixed); once signed in, the provider is linked to it
   * ({@link #afterLogin}). No identity is ever linked without signing in to it.
   */
  private Future<Void> accountLinking(RoutingContext ctx, Flow rf, Identity draft, OidcProvider p, JsonObject entry) {
    return duplicateIdentifier(draft).compose(dup -> {
      Flow lf = newLoginFlow(ctx, rf);
      JsonObject data = lf.data().copy().put(DUPLICATE, new JsonObject().put("credentials_type", METHOD)
          .put("credentials_config", new JsonObject().put("providers", new JsonArray().add(entry)))
          .put("duplicate_identifier", dup));
      Flow linking = lf.withData(data);
      UiContainer ui = login.form(linking);
      accountLinkingUi(ui, p, dup);
      return kit.lifecycle().insert(kit.pool(), linking, ui).map(stored -> {
        String url = kit.settings().uiUrl("login") + "?flow=" + stored.id() + "&no_org_ui=true";
        if (FlowAnswers.wantsJson(ctx)) {
          Http.json(ctx, 400, login.json(stored));
        } else {
          FlowAnswers.redirect(ctx, url);
        }
        return null;
      });
    });
  }

  /** Kratos' {@code populateAccountLinkingUI} with login hints off: every other way to sign in, relabelled. */
  private void accountLinkingUi(UiContainer ui, OidcProvider used, String duplicateIdentifier) {
    ui.nodes().removeIf(n -> n.group() == NodeGroup.OIDC && n.value() != null
        && used.config().id().equals(String.valueOf(n.value())));
    for (UiNode n : ui.nodes()) {
      if (n.label() == null || n.group() == NodeGroup.DEFAULT) {
        continue;
      }
      if (n.label().id() == 1010001) {
        n.label(OidcMessages.loginAndLink());
      } else if (n.label().id() == 1010002) {
        n.label(OidcMessages.loginWithAndLink(n.label().context() == null ? ""
            : n.label().context().getString("provider", "")));
      }
    }
    ui.find("identifier").ifPresent(n -> {
      n.input().type(InputType.HIDDEN);
      n.input().value(duplicateIdentifier);
    });
    ui.messages().clear();
    ui.addMessage(OidcMessages.loginLink(duplicateIdentifier, used.config().displayName(),
        kit.settings().uiUrl("login"), List.of(), List.of()));
  }

  /** Kratos' {@code ConflictingIdentity}: the first identifier or address of {@code draft} another identity has. */
  private Future<String> duplicateIdentifier(Identity draft) {
    List<String[]> candidates = new ArrayList<>();
    for (Credential c : draft.credentials().values()) {
      c.identifiers().forEach(id -> candidates.add(new String[] {c.type(), id}));
    }
    Future<String> result = Future.succeededFuture(null);
    for (String[] c : candidates) {
      result = result.compose(found -> found != null ? Future.succeededFuture(found)
          : identities.store().findByIdentifier(kit.pool(), c[0], c[1]).map(i -> i.isPresent() ? c[1] : null));
    }
    return result.map(found -> found != null ? found : draft.verifiableAddresses().isEmpty() ? ""
        : draft.verifiableAddresses().get(0).value());
  }

  /**
   * Called by the login flow in its transaction once someone signed in: when the flow asks to link a provider
   * (account linking), it is linked to the identity signed in, if that identity owns the identifier that collided
   * (Kratos' {@code maybeLinkCredentials}); the provider is returned to be recorded on the session.
   */
  public Future<Linked> afterLogin(SqlClient tx, Flow f, Identity identity, ClientInfo client) {
    JsonObject dup = f.data().getJsonObject(DUPLICATE);
    if (dup == null) {
      return Future.succeededFuture(new Linked(identity, null));
    }
    String identifier = dup.getString("duplicate_identifier", "");
    boolean owns = identity.credentials().values().stream().anyMatch(c -> c.identifiers().contains(identifier));
    if (!owns) {
      return Future.failedFuture(new LinkMismatch());
    }
    List<JsonObject> entries = new ArrayList<>();
    JsonObject config = dup.getJsonObject("credentials_config", new JsonObject());
    config.getJsonArray("providers", new JsonArray()).forEach(o -> entries.add((JsonObject) o));
    if (entries.size() != 1) {
      return Future.failedFuture(KratosError.internal("no oidc provider was set"));
    }
    Credential linked = OidcCredentials.with(identity.credential(METHOD), entries, Flow.now());
    return identities.saveCredential(tx, identity, linked, client, f.id(), METHOD)
        .map(saved -> new Linked(saved, entries.get(0).getString("provider")));
  }

  /** The identity after {@link #afterLogin}, and the provider linked (null: none). */
  public record Linked(Identity identity, String provider) {
  }

  /** Kratos' 4010009: who signed in is not who owned the identifier to link. */
  public static final class LinkMismatch extends RuntimeException {
    LinkMismatch() {
      super("linked credentials do not match; please start a new flow", null, false, false);
    }

    public UiText message() {
      return new UiText(4010009, "Linked credentials do not match.", UiText.Type.ERROR, null);
    }
  }

  /** Kratos' {@code linkProvider}: a privileged session links the provider to its identity. */
  private Future<Void> link(RoutingContext ctx, Flow f, Session s, OidcProvider p, Answer a) {
    if (!kit.settings().privileged(s)) {
      return settings.refreshRequired(ctx, f);
    }
    return identities.get(s.identityId()).compose(identity -> {
      if (!linkable(identity).contains(p.config().id())) {
        return settingsRefusal(ctx, f, identity, "can not link unknown or already existing OpenID Connect "
            + "connection");
      }
      JsonObject entry = OidcCredentials.entry(p.config().id(), a.claims().subject(), a.tokens(), cipher);
      Credential c = OidcCredentials.with(identity.credential(METHOD), List.of(entry), Flow.now());
      return settings.save(ctx, f, s, METHOD, CREDENTIALS, identities.withCredential(identity, c),
          tx -> sessions.addMethod(tx, s, METHOD, p.config().id(), Aal.AAL1).mapEmpty());
    });
  }

  /**
   * Kratos' flow error handlers after a callback: a 400 becomes a message on the flow's form (a registration form
   * reduced to "Continue"), anything else goes to the error page.
   */
  private Future<Void> flowError(RoutingContext ctx, Flow f, Callback c, Throwable t) {
    if (ctx.response().ended() || !(t instanceof KratosError k) || k.code() != 400) {
      return Future.failedFuture(t);
    }
    UiText message = Messages.validationGeneric(k.body().getString("reason", k.getMessage()));
    return switch (f.kind()) {
      case "login" -> {
        UiContainer ui = UiContainer.fromJson(f.ui()).resetMessages();
        ui.addMessage(message);
        yield login.refuse(ctx, f, ui);
      }
      case "registration" -> {
        String used = c.provider() != null ? c.provider().config().id() : c.pending() != null
            ? c.pending().provider() : null;
        UiContainer ui = used == null ? UiContainer.fromJson(f.ui()).resetMessages() : continueForm(f, used);
        ui.addMessage(message);
        yield registration.refuse(ctx, f, ui);
      }
      default -> identities.get(f.identityId()).compose(identity -> {
        UiContainer ui = settings.form(f, identity);
        ui.addMessage(message);
        return settings.refuse(ctx, f, ui, identity);
      });
    };
  }
}

package io.portcullis.identity.flow;

import io.portcullis.config.Durations;
import io.portcullis.config.IdentityConfig;
import io.portcullis.identitysessions.aal.AalPolicy;
import io.portcullis.identitysessions.model.Session;
import io.vertx.core.http.CookieSameSite;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * The self-service settings the flows read, resolved once from {@code portcullis.identity}: URLs, lifespans, cookies
 * (the hooks are run by {@code io.portcullis.identity.hook.HookRunner}). A flow's {@code ui_url} defaults to
 * Portcullis' own pages under {@code <public base URL><ui.base_path>/}.
 */
public final class SelfService {
  private final IdentityConfig config;
  private final String publicBaseUrl;
  private final ReturnUrls returnUrls;
  private final Csrf.CookieSettings cookies;
  private final Csrf.CookieSettings csrfCookies;
  private final AalPolicy aalPolicy;

  public SelfService(IdentityConfig config, String publicBaseUrl) {
    this.config = config;
    this.publicBaseUrl = trimSlash(publicBaseUrl);
    String defaultReturn = config.selfservice().defaultBrowserReturnUrl().isEmpty()
        ? pagesUrl() + "/welcome" : config.selfservice().defaultBrowserReturnUrl();
    this.returnUrls = new ReturnUrls(defaultReturn, config.selfservice().allowedReturnUrls(), this.publicBaseUrl);
    String sameSite = config.session().cookie().sameSite() != null ? config.session().cookie().sameSite()
        : config.cookies().sameSite();
    String domain = config.session().cookie().domain() != null ? config.session().cookie().domain()
        : config.cookies().domain();
    String path = config.session().cookie().path() != null ? config.session().cookie().path() : config.cookies().path();
    boolean secure = this.publicBaseUrl.startsWith("https://");
    this.cookies = new Csrf.CookieSettings(domain, path, sameSite(sameSite), secure);
    // As Kratos (nosurf's base cookie): cookies.* only, and SameSite=None, which browsers drop without Secure,
    // falls back to Lax when the cookie cannot be Secure.
    this.csrfCookies = new Csrf.CookieSettings(config.cookies().domain(), config.cookies().path(),
        secure ? sameSite(config.cookies().sameSite()) : CookieSameSite.LAX, secure);
    this.aalPolicy = AalPolicy.of(config, this.publicBaseUrl);
  }

  public IdentityConfig config() {
    return config;
  }

  public String publicBaseUrl() {
    return publicBaseUrl;
  }

  /**
   * Where a browser starts a flow of {@code kind}: {@code <public base URL>/self-service/<kind>/browser}, with
   * {@code ?return_to=<URL-encoded returnTo>} unless {@code returnTo} is null.
   */
  public String browserUrl(String kind, String returnTo) {
    return browserUrl(kind, false, returnTo);
  }

  /** As {@link #browserUrl(String, String)}, with {@code refresh=true} first when {@code refresh}. */
  public String browserUrl(String kind, boolean refresh, String returnTo) {
    String url = publicBaseUrl + "/self-service/" + kind + "/browser" + (refresh ? "?refresh=true" : "");
    return returnTo == null ? url
        : url + (refresh ? "&" : "?") + "return_to=" + URLEncoder.encode(returnTo, StandardCharsets.UTF_8);
  }

  /**
   * The public URL as Kratos writes it ({@code SelfPublicURL}): {@code serve.public.base_url} as configured (a
   * trailing slash kept), else the listener's address with a slash. Kratos names the anti-CSRF cookie after it.
   */
  public String selfPublicUrl() {
    String configured = config.serve().publicApi().baseUrl();
    return configured.isEmpty() ? publicBaseUrl + "/" : configured;
  }

  /** The action URL of the form of flow {@code id}. */
  public String formAction(String kind, java.util.UUID id) {
    return publicBaseUrl + "/self-service/" + kind + "?flow=" + id;
  }

  /** Where Portcullis' own pages are: the public base URL and {@code ui.base_path}. */
  public String pagesUrl() {
    return publicBaseUrl + config.ui().basePath();
  }

  public ReturnUrls returnUrls() {
    return returnUrls;
  }

  /** The session cookie's settings: {@code session.cookie.*}, each falling back to {@code cookies.*}. */
  public Csrf.CookieSettings cookies() {
    return cookies;
  }

  /** The anti-CSRF cookie's settings: {@code cookies.*}. */
  public Csrf.CookieSettings csrfCookies() {
    return csrfCookies;
  }

  public String sessionCookieName() {
    return config.session().cookie().name();
  }

  public boolean persistentSessionCookie() {
    return config.session().cookie().persistent();
  }

  public IdentityConfig.Flow flow(String kind) {
    var f = config.selfservice().flows();
    return switch (kind) {
      case "login" -> f.login();
      case "registration" -> f.registration();
      case "settings" -> f.settings();
      case "logout" -> f.logout();
      case "error" -> f.error();
      case "recovery" -> f.recovery();
      default -> f.verification();
    };
  }

  /** The page that renders flows of {@code kind}. */
  public String uiUrl(String kind) {
    String configured = flow(kind).uiUrl();
    return configured.isEmpty() ? pagesUrl() + "/" + kind : configured;
  }

  public Duration lifespan(String kind) {
    return Durations.parse("portcullis.identity.selfservice.flows." + kind + ".lifespan", flow(kind).lifespan());
  }

  public Duration privilegedSessionMaxAge() {
    return Durations.parse("portcullis.identity.selfservice.flows.settings.privileged_session_max_age",
        config.selfservice().flows().settings().privilegedSessionMaxAge());
  }

  /** True when {@code s} was authenticated within {@code privileged_session_max_age}: settings changes need that. */
  public boolean privileged(Session s) {
    return Duration.between(s.authenticatedAt(), Flow.now()).compareTo(privilegedSessionMaxAge()) <= 0;
  }

  /** {@code selfservice.flows.<kind>.enabled} of recovery and verification (off unless switched on). */
  public boolean flowEnabled(String kind) {
    return flow(kind).enabledOr(false);
  }

  /** {@code selfservice.flows.<kind>.use} of recovery and verification: {@code link} or {@code code}. */
  public String use(String kind) {
    return flow(kind).use();
  }

  public boolean notifyUnknownRecipients(String kind) {
    return flow(kind).notifyUnknownRecipients();
  }

  /** How long a recovery or verification link is valid ({@code selfservice.methods.link.config.lifespan}). */
  public Duration linkLifespan() {
    return Durations.parse("portcullis.identity.selfservice.methods.link.config.lifespan",
        config.selfservice().link().lifespan());
  }

  /** How long a recovery or verification code is valid ({@code selfservice.methods.code.config.lifespan}). */
  public Duration codeLifespan() {
    return Durations.parse("portcullis.identity.selfservice.methods.code.config.lifespan",
        config.selfservice().code().lifespan());
  }

  public int codeMaxSubmissions() {
    return config.selfservice().code().maxSubmissions();
  }

  /** Kratos' {@code feature_flags.use_continue_with_transitions}. */
  public boolean useContinueWithTransitions() {
    return config.useContinueWithTransitions();
  }

  public boolean registrationEnabled() {
    return config.selfservice().flows().registration().enabledOr(true);
  }

  public boolean methodEnabled(String method) {
    return config.selfservice().method(method).enabled();
  }

  /** The assurance levels whoami and settings require, and where to upgrade a session. */
  public AalPolicy aalPolicy() {
    return aalPolicy;
  }

  /**
   * {@code selfservice.methods.totp.config.issuer}; as Kratos, the public URL's host name when it is not set.
   */
  public String totpIssuer() {
    Object issuer = config.selfservice().method("totp").config().get("issuer");
    if (issuer instanceof String s && !s.isEmpty()) {
      return s;
    }
    String host = java.net.URI.create(selfPublicUrl()).getHost();
    return host == null ? "" : host;
  }

  /** Where a browser goes after {@code kind} completed by {@code method} without a {@code return_to}. */
  public String afterUrl(String kind, String method) {
    String u = flow(kind).after().returnUrlFor(method);
    return u.isEmpty() ? returnUrls.defaultReturnUrl() : u;
  }

  static CookieSameSite sameSite(String s) {
    return switch (s == null ? "lax" : s.toLowerCase(Locale.ROOT)) {
      case "strict" -> CookieSameSite.STRICT;
      case "none" -> CookieSameSite.NONE;
      default -> CookieSameSite.LAX;
    };
  }

  static String trimSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}

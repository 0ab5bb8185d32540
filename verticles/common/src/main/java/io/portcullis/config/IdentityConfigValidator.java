package io.portcullis.config;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Checks {@code portcullis.identity} when the role is enabled: DSN, durations, URLs, schemas, hashers, cookies. */
final class IdentityConfigValidator {
  private static final String P = "portcullis.identity.";

  private IdentityConfigValidator() {
  }

  static void validate(IdentityConfig c) {
    if (!c.enabled()) {
      return;
    }
    if (c.dsn().isBlank()) {
      throw new InvalidConfigException(P + "dsn", "is required when the identity role is enabled "
          + "(expected postgres://user:password@host:5432/database?sslmode=disable)");
    }
    if (!c.dsn().startsWith("postgres://") && !c.dsn().startsWith("postgresql://")) {
      throw new InvalidConfigException(P + "dsn", "only PostgreSQL is supported (expected postgres://...)");
    }
    ConfigValidator.port(P + "serve.public.port", c.serve().publicApi().port());
    ConfigValidator.port(P + "serve.admin.port", c.serve().admin().port());
    url(P + "serve.public.base_url", c.serve().publicApi().baseUrl());
    url(P + "serve.admin.base_url", c.serve().admin().baseUrl());
    url(P + "selfservice.default_browser_return_url", c.selfservice().defaultBrowserReturnUrl());
    for (int i = 0; i < c.selfservice().allowedReturnUrls().size(); i++) {
      try {
        AllowedUrl.parse(c.selfservice().allowedReturnUrls().get(i));
      } catch (IllegalArgumentException e) {
        throw new InvalidConfigException(P + "selfservice.allowed_return_urls[" + i + "]", e.getMessage());
      }
    }
    var flows = c.selfservice().flows();
    flow("login", flows.login());
    flow("registration", flows.registration());
    flow("settings", flows.settings());
    flow("logout", flows.logout());
    flow("error", flows.error());
    flow("recovery", flows.recovery());
    flow("verification", flows.verification());
    Durations.parse(P + "selfservice.flows.settings.privileged_session_max_age",
        flows.settings().privilegedSessionMaxAge());
    ConfigValidator.oneOf(P + "selfservice.flows.recovery.use", flows.recovery().use(), Set.of("link", "code"));
    ConfigValidator.oneOf(P + "selfservice.flows.verification.use", flows.verification().use(),
        Set.of("link", "code"));
    IdentityConfig.LinkMethod link = c.selfservice().link();
    Durations.parse(P + "selfservice.methods.link.config.lifespan", link.lifespan());
    IdentityConfig.CodeMethod code = c.selfservice().code();
    Durations.parse(P + "selfservice.methods.code.config.lifespan", code.lifespan());
    if (code.maxSubmissions() < 1 || code.maxSubmissions() > 255) {
      throw new InvalidConfigException(P + "selfservice.methods.code.config.max_submissions", code.maxSubmissions()
          + " is out of range (expected 1 to 255)");
    }
    c.useContinueWithTransitions();
    Durations.parse(P + "session.lifespan", c.session().lifespan());
    if (!c.session().earliestPossibleExtend().isEmpty()) {
      Durations.parse(P + "session.earliest_possible_extend", c.session().earliestPossibleExtend());
    }
    sameSite(P + "cookies.same_site", c.cookies().sameSite());
    if (c.session().cookie().sameSite() != null) {
      sameSite(P + "session.cookie.same_site", c.session().cookie().sameSite());
    }
    ConfigValidator.oneOf(P + "hashers.algorithm", c.hashers().algorithm().toLowerCase(Locale.ROOT),
        Set.of("argon2", "bcrypt"));
    if (c.hashers().argon2().memory() != null) {
      Sizes.parse(P + "hashers.argon2.memory", c.hashers().argon2().memory());
    }
    ui(c.ui());
    for (String method : List.of("webauthn", "passkey")) {
      if (c.selfservice().method(method).enabled()) {
        WebAuthnConfig.of(method, c.selfservice().method(method),
            c.serve().publicApi().baseUrl().startsWith("https://") ? "https" : "http");
      }
    }
    if (c.selfservice().method("oidc").enabled()) {
      OidcConfig.validate(c.selfservice().method("oidc"));
    }
    rateLimits(c.rateLimits());
    HookConfigValidator.validate(c);
    CourierConfigValidator.validate(c.courier());
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < c.identity().schemas().size(); i++) {
      IdentityConfig.SchemaRef s = c.identity().schemas().get(i);
      String path = P + "identity.schemas[" + i + "]";
      if (s.id() == null || s.id().isBlank()) {
        throw new InvalidConfigException(path + ".id", "is required");
      }
      if (s.url() == null || s.url().isBlank()) {
        throw new InvalidConfigException(path + ".url", "is required (file://, a path, base64:// or inline JSON)");
      }
      if (!ids.add(s.id())) {
        throw new InvalidConfigException(path + ".id", "\"" + s.id() + "\" is used twice");
      }
    }
    if (!ids.isEmpty() && !ids.contains(c.identity().defaultSchemaId())) {
      throw new InvalidConfigException(P + "identity.default_schema_id", "\"" + c.identity().defaultSchemaId()
          + "\" is not among the configured schemas " + new java.util.TreeSet<>(ids));
    }
  }

  private static void rateLimits(IdentityConfig.RateLimits r) {
    String p = P + "rate_limits.";
    Durations.parse(p + "back_off_max", r.backOffMax());
    Durations.parse(p + "lockout_duration", r.lockoutDuration());
    if (Durations.parse(p + "back_off_base", r.backOffBase()).isZero()) {
      throw new InvalidConfigException(p + "back_off_base", "\"0\" would never make an attempt wait (expected a "
          + "duration such as 1s)");
    }
    if (Durations.parse(p + "window", r.window()).isZero()) {
      throw new InvalidConfigException(p + "window", "\"0\" would forget every failure at once (expected a duration "
          + "such as 1h)");
    }
    scope(p + "identifier", r.identifier());
    scope(p + "address", r.address());
  }

  private static void scope(String path, IdentityConfig.RateLimitScope s) {
    if (s.backOffAfter() < 1) {
      throw new InvalidConfigException(path + ".back_off_after", s.backOffAfter() + " is out of range (expected 1 or "
          + "more failures)");
    }
    if (s.lockoutAfter() < 0) {
      throw new InvalidConfigException(path + ".lockout_after", s.lockoutAfter() + " is out of range (expected 0 for "
          + "no lockout, or a number of failures)");
    }
  }

  private static void flow(String name, IdentityConfig.Flow f) {
    Durations.parse(P + "selfservice.flows." + name + ".lifespan", f.lifespan());
    url(P + "selfservice.flows." + name + ".ui_url", f.uiUrl());
    url(P + "selfservice.flows." + name + ".after.default_browser_return_url", f.after().defaultBrowserReturnUrl());
  }

  /** Portcullis' pages: a clean base path, and values that go into HTML and CSS only in safe shapes. */
  private static void ui(IdentityConfig.Ui ui) {
    String base = ui.basePath();
    if (!base.matches("/[A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)*")) {
      throw new InvalidConfigException(P + "ui.base_path", "\"" + base + "\" is not a path such as /ui (a leading /, no "
          + "trailing /, letters, digits, . _ ~ -)");
    }
    if (base.equals("/self-service") || base.startsWith("/self-service/") || base.equals("/sessions")
        || base.equals("/schemas") || base.equals("/health")) {
      throw new InvalidConfigException(P + "ui.base_path", "\"" + base + "\" is used by the identity API; choose another "
          + "path such as /ui");
    }
    if (!ui.primaryColor().matches("#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})")) {
      throw new InvalidConfigException(P + "ui.primary_color", "\"" + ui.primaryColor() + "\" is not a CSS hex colour "
          + "such as #3b5bdb");
    }
    if (!ui.logoUrl().isEmpty() && !ui.logoUrl().startsWith("/")) {
      url(P + "ui.logo_url", ui.logoUrl());
    }
    if (!ui.translations().isEmpty() && !java.nio.file.Files.exists(java.nio.file.Path.of(ui.translations()))) {
      throw new InvalidConfigException(P + "ui.translations", "\"" + ui.translations() + "\" does not exist (expected a "
          + "folder of <language>.properties files or one such file)");
    }
  }

  private static void url(String path, String value) {
    if (value == null || value.isEmpty()) {
      return;
    }
    if (value.contains("://*.")) {
      throw new InvalidConfigException(path, "\"" + value + "\": a wildcard host is only allowed in allowed_return_urls");
    }
    try {
      AllowedUrl.parse(value);
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException(path, e.getMessage());
    }
  }

  private static void sameSite(String path, String value) {
    ConfigValidator.oneOf(path, value.toLowerCase(Locale.ROOT), Set.of("lax", "strict", "none"));
  }
}

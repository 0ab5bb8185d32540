package io.portcullis.config;

import java.net.URI;
import java.util.HashSet;
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
      throw new ConfigException(P + "dsn", "is required when the identity role is enabled "
          + "(expected postgres://user:password@host:5432/database?sslmode=disable)");
    }
    if (!c.dsn().startsWith("postgres://") && !c.dsn().startsWith("postgresql://")) {
      throw new ConfigException(P + "dsn", "only PostgreSQL is supported (expected postgres://...)");
    }
    port(P + "serve.public.port", c.serve().publicApi().port());
    port(P + "serve.admin.port", c.serve().admin().port());
    url(P + "serve.public.base_url", c.serve().publicApi().baseUrl());
    url(P + "serve.admin.base_url", c.serve().admin().baseUrl());
    url(P + "selfservice.default_browser_return_url", c.selfservice().defaultBrowserReturnUrl());
    for (int i = 0; i < c.selfservice().allowedReturnUrls().size(); i++) {
      url(P + "selfservice.allowed_return_urls[" + i + "]", c.selfservice().allowedReturnUrls().get(i)
          .replace("://*.", "://wildcard."));
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
    Durations.parse(P + "session.lifespan", c.session().lifespan());
    if (!c.session().earliestPossibleExtend().isEmpty()) {
      Durations.parse(P + "session.earliest_possible_extend", c.session().earliestPossibleExtend());
    }
    sameSite(P + "cookies.same_site", c.cookies().sameSite());
    if (c.session().cookie().sameSite() != null) {
      sameSite(P + "session.cookie.same_site", c.session().cookie().sameSite());
    }
    String algorithm = c.hashers().algorithm().toLowerCase(Locale.ROOT);
    if (!algorithm.equals("argon2") && !algorithm.equals("bcrypt")) {
      throw new ConfigException(P + "hashers.algorithm", "\"" + c.hashers().algorithm()
          + "\" is not one of [argon2, bcrypt]");
    }
    if (c.hashers().argon2().memory() != null) {
      Sizes.parse(P + "hashers.argon2.memory", c.hashers().argon2().memory());
    }
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < c.identity().schemas().size(); i++) {
      IdentityConfig.SchemaRef s = c.identity().schemas().get(i);
      String path = P + "identity.schemas[" + i + "]";
      if (s.id() == null || s.id().isBlank()) {
        throw new ConfigException(path + ".id", "is required");
      }
      if (s.url() == null || s.url().isBlank()) {
        throw new ConfigException(path + ".url", "is required (file://, a path, base64:// or inline JSON)");
      }
      if (!ids.add(s.id())) {
        throw new ConfigException(path + ".id", "\"" + s.id() + "\" is used twice");
      }
    }
    if (!ids.isEmpty() && !ids.contains(c.identity().defaultSchemaId())) {
      throw new ConfigException(P + "identity.default_schema_id", "\"" + c.identity().defaultSchemaId()
          + "\" is not among the configured schemas " + new java.util.TreeSet<>(ids));
    }
  }

  private static void flow(String name, IdentityConfig.Flow f) {
    Durations.parse(P + "selfservice.flows." + name + ".lifespan", f.lifespan());
    url(P + "selfservice.flows." + name + ".ui_url", f.uiUrl());
    url(P + "selfservice.flows." + name + ".after.default_browser_return_url", f.after().defaultBrowserReturnUrl());
  }

  private static void port(String path, int port) {
    if (port < 0 || port > 65535) {
      throw new ConfigException(path, port + " is not a port: expected 1 to 65535");
    }
  }

  private static void url(String path, String value) {
    if (value == null || value.isEmpty()) {
      return;
    }
    try {
      URI u = new URI(value);
      if (u.getScheme() == null || u.getHost() == null
          || !(u.getScheme().equals("http") || u.getScheme().equals("https"))) {
        throw new ConfigException(path, "\"" + value + "\" is not an absolute http(s) URL");
      }
    } catch (java.net.URISyntaxException e) {
      throw new ConfigException(path, "\"" + value + "\" is not a URL: " + e.getMessage());
    }
  }

  private static void sameSite(String path, String value) {
    String v = value.toLowerCase(Locale.ROOT);
    if (!v.equals("lax") && !v.equals("strict") && !v.equals("none")) {
      throw new ConfigException(path, "\"" + value + "\" is not one of [Lax, Strict, None]");
    }
  }
}

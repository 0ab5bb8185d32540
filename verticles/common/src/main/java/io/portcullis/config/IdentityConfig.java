package io.portcullis.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * The identity role, configured with Kratos' own keys under {@code portcullis.identity}, so a {@code kratos.yml} moves
 * in by indenting it. Keys of features Portcullis does not implement yet (webauthn, passkey, totp, ...) are
 * accepted; the identity role's {@code UnimplementedKeys} logs each one set at start, or refuses it where ignoring it
 * would pass for a security setting in force. Unknown keys still fail.
 *
 * @param dsn PostgreSQL URL, {@code postgres://user:password@host:5432/db?sslmode=disable}
 */
public record IdentityConfig(Boolean enabled, String dsn, IdentityServe serve, Schemas identity,
    Selfservice selfservice, Session session, Cookies cookies, Secrets secrets, Hashers hashers, JsonNode courier,
    JsonNode oauth2Provider, JsonNode featureFlags, JsonNode organizations, Ui ui) {

  public IdentityConfig {
    enabled = enabled != null && enabled;
    dsn = dsn == null ? "" : dsn;
    serve = serve == null ? new IdentityServe(null, null) : serve;
    identity = identity == null ? new Schemas(null, null) : identity;
    selfservice = selfservice == null ? new Selfservice(null, null, null, null) : selfservice;
    session = session == null ? new Session(null, null, null, null) : session;
    cookies = cookies == null ? new Cookies(null, null, null) : cookies;
    secrets = secrets == null ? new Secrets(null, null, null) : secrets;
    hashers = hashers == null ? new Hashers(null, null, null) : hashers;
    ui = ui == null ? new Ui(null, null, null, null, null) : ui;
  }

  /**
   * Portcullis' own self-service pages (not a Kratos key): where they are served on the public port and how they
   * look. Flows whose {@code ui_url} is not set point at them.
   *
   * @param basePath path prefix of the pages, {@code /ui} by default
   * @param title shown in the header and the window title
   * @param logoUrl an image shown in the header (http(s) URL or a path); none by default
   * @param primaryColor buttons and links, a CSS hex colour such as {@code #3b5bdb}
   * @param translations a folder of {@code <language>.properties} files (or one such file) with messages by Kratos
   *     message id and page text by key, added to the built-in English and German
   */
  public record Ui(String basePath, String title, String logoUrl, String primaryColor, String translations) {
    public Ui {
      basePath = basePath == null ? "/ui" : basePath;
      title = title == null ? "Portcullis" : title;
      logoUrl = logoUrl == null ? "" : logoUrl;
      primaryColor = primaryColor == null ? "#3b5bdb" : primaryColor;
      translations = translations == null ? "" : translations;
    }
  }

  /** {@code serve.public} (4433) and {@code serve.admin} (4434), as in Kratos. */
  public record IdentityServe(@JsonProperty("public") Listener publicApi, Listener admin) {
    public IdentityServe {
      publicApi = (publicApi == null ? new Listener(null, null, null, null, null) : publicApi).withDefaultPort(4433);
      admin = (admin == null ? new Listener(null, null, null, null, null) : admin).withDefaultPort(4434);
    }
  }

  /** @param baseUrl where clients reach this listener; used in {@code ui.action} and links */
  public record Listener(Integer port, String host, String baseUrl, PortcullisConfig.Cors cors,
      PortcullisConfig.Tls tls) {
    public Listener {
      host = host == null ? "" : host;
      baseUrl = baseUrl == null ? "" : baseUrl;
      cors = cors == null ? PortcullisConfig.Cors.disabled() : cors;
    }

    Listener withDefaultPort(int dflt) {
      return port != null ? this : new Listener(dflt, host, baseUrl, cors, tls);
    }
  }

  public record Schemas(String defaultSchemaId, List<SchemaRef> schemas) {
    public Schemas {
      defaultSchemaId = defaultSchemaId == null ? "default" : defaultSchemaId;
      schemas = schemas == null ? List.of() : List.copyOf(schemas);
    }
  }

  /** @param url {@code file://}, a plain path, {@code base64://} or inline JSON */
  public record SchemaRef(String id, String url) {
  }

  public record Selfservice(String defaultBrowserReturnUrl, List<String> allowedReturnUrls, Flows flows,
      Map<String, Method> methods) {
    public Selfservice {
      defaultBrowserReturnUrl = defaultBrowserReturnUrl == null ? "" : defaultBrowserReturnUrl;
      allowedReturnUrls = allowedReturnUrls == null ? List.of() : List.copyOf(allowedReturnUrls);
      flows = flows == null ? new Flows(null, null, null, null, null, null, null) : flows;
      methods = methods == null ? Map.of() : Map.copyOf(methods);
    }

    /** Method {@code id} as configured, {@code enabled} defaulting as in Kratos when it is not set. */
    public Method method(String id) {
      Method m = methods.get(id);
      // As in Kratos: password and profile are on unless switched off, also when only their config is set.
      boolean dflt = id.equals("password") || id.equals("profile");
      return m == null ? new Method(dflt, null) : m.enabled == null ? new Method(dflt, m.config) : m;
    }
  }

  /** @param enabled null when not set: {@link Selfservice#method} applies Kratos' default */
  public record Method(Boolean enabled, Map<String, Object> config) {
    public Method {
      config = config == null ? Map.of() : config;
    }

    @Override
    public Boolean enabled() {
      return enabled != null && enabled;
    }
  }

  public record Flows(Flow login, Flow registration, Flow settings, Flow logout, Flow error, Flow recovery,
      Flow verification) {
    public Flows {
      login = login == null ? Flow.empty() : login;
      registration = registration == null ? Flow.empty() : registration;
      settings = settings == null ? Flow.empty() : settings;
      logout = logout == null ? Flow.empty() : logout;
      error = error == null ? Flow.empty() : error;
      recovery = recovery == null ? Flow.empty() : recovery;
      verification = verification == null ? Flow.empty() : verification;
    }
  }

  /**
   * One self-service flow. Not every key applies to every flow (as in Kratos' schema).
   *
   * @param enabled registration, recovery and verification only; registration defaults to on
   * @param uiUrl the page that renders the flow; empty means Portcullis' own pages
   */
  public record Flow(Boolean enabled, String uiUrl, String lifespan, String privilegedSessionMaxAge,
      String requiredAal, String use, Boolean notifyUnknownRecipients, After after, JsonNode beforeHooks,
      JsonNode before) {
    public Flow {
      lifespan = lifespan == null ? "1h" : lifespan;
      privilegedSessionMaxAge = privilegedSessionMaxAge == null ? "1h" : privilegedSessionMaxAge;
      requiredAal = requiredAal == null ? "highest_available" : requiredAal;
      uiUrl = uiUrl == null ? "" : uiUrl;
      after = after == null ? new After(null, null, null, null, null, null, null) : after;
    }

    static Flow empty() {
      return new Flow(null, null, null, null, null, null, null, null, null, null);
    }

    public boolean enabledOr(boolean dflt) {
      return enabled == null ? dflt : enabled;
    }
  }

  /** After-hooks: {@code session} (log in after registration) and {@code revoke_active_sessions} are implemented. */
  public record After(String defaultBrowserReturnUrl, List<Hook> hooks, After password, After profile, After oidc,
      After code, After webauthn) {
    public After {
      defaultBrowserReturnUrl = defaultBrowserReturnUrl == null ? "" : defaultBrowserReturnUrl;
      hooks = hooks == null ? List.of() : List.copyOf(hooks);
    }

    /** The hooks for one method, falling back to the flow-wide ones, as Kratos does. */
    public List<Hook> hooksFor(String method) {
      After m = switch (method) {
        case "password" -> password;
        case "profile" -> profile;
        case "oidc" -> oidc;
        default -> null;
      };
      return m != null && !m.hooks().isEmpty() ? m.hooks() : hooks;
    }

    public String returnUrlFor(String method) {
      After m = switch (method) {
        case "password" -> password;
        case "profile" -> profile;
        case "oidc" -> oidc;
        default -> null;
      };
      return m != null && !m.defaultBrowserReturnUrl().isEmpty() ? m.defaultBrowserReturnUrl() : defaultBrowserReturnUrl;
    }
  }

  public record Hook(String hook, Map<String, Object> config) {
  }

  /**
   * @param lifespan how long a session lasts
   * @param earliestPossibleExtend a session may be extended only this close to its expiry; empty means any time
   */
  public record Session(String lifespan, SessionCookie cookie, String earliestPossibleExtend, JsonNode whoami) {
    public Session {
      lifespan = lifespan == null ? "24h" : lifespan;
      cookie = cookie == null ? new SessionCookie(null, null, null, null, null) : cookie;
      earliestPossibleExtend = earliestPossibleExtend == null ? "" : earliestPossibleExtend;
    }
  }

  public record SessionCookie(String name, String domain, String path, String sameSite, Boolean persistent) {
    public SessionCookie {
      name = name == null ? "ory_kratos_session" : name;
      persistent = persistent == null || persistent;
    }
  }

  public record Cookies(String domain, String path, String sameSite) {
    public Cookies {
      domain = domain == null ? "" : domain;
      path = path == null ? "/" : path;
      sameSite = sameSite == null ? "Lax" : sameSite;
    }
  }

  /**
   * Kratos' secrets: {@code cipher} encrypts the tokens kept with OpenID Connect credentials (as Kratos); the others
   * are accepted so a kratos.yml loads (the session cookie holds the unguessable token itself).
   */
  public record Secrets(@JsonProperty("default") List<String> defaults, List<String> cookie, List<String> cipher) {
    public Secrets {
      defaults = defaults == null ? List.of() : List.copyOf(defaults);
      cookie = cookie == null ? List.of() : List.copyOf(cookie);
      cipher = cipher == null ? List.of() : List.copyOf(cipher);
    }

  }

  /** @param algorithm {@code argon2} (default here) or {@code bcrypt}; both are always verified */
  public record Hashers(String algorithm, Argon2 argon2, Bcrypt bcrypt) {
    public Hashers {
      algorithm = algorithm == null ? "argon2" : algorithm;
      argon2 = argon2 == null ? new Argon2(null, null, null, null, null) : argon2;
      bcrypt = bcrypt == null ? new Bcrypt(null) : bcrypt;
    }
  }

  /** @param memory e.g. {@code 64MB}; null means the built-in default */
  public record Argon2(String memory, Integer iterations, Integer parallelism, Integer saltLength, Integer keyLength) {
  }

  public record Bcrypt(Integer cost) {
  }
}

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
 * @param dev Kratos' insecure development mode; Portcullis only uses it to show message bodies in the admin courier API
 */
public record IdentityConfig(Boolean enabled, String dsn, IdentityServe serve, Schemas identity,
    Selfservice selfservice, Session session, Cookies cookies, Secrets secrets, Hashers hashers, CourierConfig courier,
    JsonNode oauth2Provider, JsonNode featureFlags, JsonNode organizations, Ui ui, Clients clients, Boolean dev,
    RateLimits rateLimits) {

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
    courier = courier == null ? new CourierConfig(null, null, null, null, null, null, null, null) : courier;
    dev = dev != null && dev;
    clients = clients == null ? new Clients(null, null) : clients;
    rateLimits = rateLimits == null ? new RateLimits(null, null, null, null, null, null, null) : rateLimits;
  }

  /** Every hook list of every flow, with its key path, in configuration order (validation, the hook runner). */
  public List<HookList> hookLists() {
    return selfservice.flows().hookLists();
  }

  /**
   * Kratos' {@code feature_flags.use_continue_with_transitions} (default false): recovery and its errors answer
   * with {@code continue_with} items ({@code set_ory_session_token}, {@code show_settings_ui},
   * {@code show_recovery_ui}) instead of Kratos' older redirects and 422 answers.
   */
  public boolean useContinueWithTransitions() {
    JsonNode v = featureFlags == null ? null : featureFlags.get("use_continue_with_transitions");
    if (v == null || v.isNull()) {
      return false;
    }
    if (!v.isBoolean()) {
      throw new InvalidConfigException("portcullis.identity.feature_flags.use_continue_with_transitions",
          "expected true or false, got " + v);
    }
    return v.booleanValue();
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
      Map<String, Method> withDefaults = new java.util.LinkedHashMap<>();
      if (methods != null) {
        methods.forEach((id, m) -> withDefaults.put(id, m.enabled() != null ? m
            : new Method(enabledByDefault(id), m.config())));
      }
      methods = Map.copyOf(withDefaults);
    }

    /** Method {@code id} as configured, {@code enabled} defaulting as in Kratos when it is not set. */
    public Method method(String id) {
      Method m = methods.get(id);
      return m != null ? m : new Method(enabledByDefault(id), null);
    }

    /** As in Kratos: password, profile and code are on unless switched off, every other method off. */
    private static boolean enabledByDefault(String id) {
      return id.equals("password") || id.equals("profile") || id.equals("code");
    }

    /** {@code methods.link}, typed: recovery and verification by link. */
    public LinkMethod link() {
      Method m = method("link");
      return new LinkMethod(m.enabled(), m.value("link", "lifespan", String.class, "1h", "a duration such as 1h"));
    }

    /** {@code methods.code}, typed: recovery and verification by one-time code. */
    public CodeMethod code() {
      Method m = method("code");
      return new CodeMethod(m.enabled(), m.value("code", "lifespan", String.class, "1h", "a duration such as 1h"),
          m.value("code", "max_submissions", Integer.class, 5, "an integer"),
          m.value("code", "passwordless_enabled", Boolean.class, false, "true or false"),
          m.value("code", "mfa_enabled", Boolean.class, false, "true or false"));
    }
  }

  /**
   * One {@code selfservice.methods.<id>}; {@code config} holds the method's own keys as loaded (read typed by
   * {@link Selfservice#link()} and {@link Selfservice#code()}).
   *
   * @param enabled null only as loaded, before {@link Selfservice} applied Kratos' default
   */
  public record Method(Boolean enabled, Map<String, Object> config) {
    public Method {
      config = config == null ? Map.of() : config;
    }

    /** The config value {@code key} of method {@code id}, {@code dflt} when absent; a wrong type names the key. */
    <T> T value(String id, String key, Class<T> type, T dflt, String expected) {
      Object v = config.get(key);
      if (v == null) {
        return dflt;
      }
      if (type.isInstance(v)) {
        return type.cast(v);
      }
      throw new InvalidConfigException(path(id, key), "expected " + expected + ", got " + v);
    }

    static String path(String id, String key) {
      return "portcullis.identity.selfservice.methods." + id + ".config." + key;
    }
  }

  /**
   * {@code selfservice.methods.link}: recovery and verification links.
   *
   * @param lifespan how long a link is valid ({@code config.lifespan}, default 1h)
   */
  public record LinkMethod(boolean enabled, String lifespan) {
  }

  /**
   * {@code selfservice.methods.code}: one-time codes, on by default as in Kratos.
   *
   * @param lifespan how long a code is valid ({@code config.lifespan}, default 1h)
   * @param maxSubmissions how many codes a flow accepts before it must be restarted ({@code config.max_submissions},
   *     1 to 255, default 5)
   * @param passwordlessEnabled login and registration by code (not implemented; accepted)
   * @param mfaEnabled code as a second factor (not implemented; accepted)
   */
  public record CodeMethod(boolean enabled, String lifespan, int maxSubmissions, boolean passwordlessEnabled,
      boolean mfaEnabled) {
  }

  public record Flows(Flow login, Flow registration, Flow settings, Flow logout, Flow error, Flow recovery,
      Flow verification) {
    public Flows {
      login = login == null ? Flow.empty() : login;
      registration = registration == null ? Flow.empty() : registration;
      settings = settings == null ? Flow.empty() : settings;
      logout = logout == null ? Flow.empty() : logout;
      error = error == null ? Flow.empty() : error;
      // Kratos: recovery and verification use the code method unless told otherwise.
      recovery = (recovery == null ? Flow.empty() : recovery).withDefaultUse("code");
      verification = (verification == null ? Flow.empty() : verification).withDefaultUse("code");
    }

    /** The flow named {@code name} ({@code login}, ..., {@code verification}); null for an unknown name. */
    public Flow byName(String name) {
      return switch (name) {
        case "login" -> login;
        case "registration" -> registration;
        case "settings" -> settings;
        case "logout" -> logout;
        case "error" -> error;
        case "recovery" -> recovery;
        case "verification" -> verification;
        default -> null;
      };
    }

    List<HookList> hookLists() {
      List<HookList> lists = new java.util.ArrayList<>();
      for (String name : List.of("login", "registration", "settings", "recovery", "verification", "logout", "error")) {
        Flow f = byName(name);
        String p = "portcullis.identity.selfservice.flows." + name;
        lists.add(new HookList(p + ".before.hooks", name, true, null, f.before().hooks()));
        lists.add(new HookList(p + ".after.hooks", name, false, null, f.after().hooks()));
        for (String m : After.METHODS) {
          if (f.after().method(m) != null) {
            lists.add(new HookList(p + ".after." + m + ".hooks", name, false, m, f.after().methodHooks(m)));
          }
        }
      }
      return lists;
    }
  }

  /**
   * One self-service flow. Not every key applies to every flow (as in Kratos' schema; the validator says which).
   *
   * @param enabled registration, recovery and verification only; registration defaults to on, the others to off
   * @param uiUrl the page that renders the flow; empty means Portcullis' own pages
   * @param before hooks run when a flow is created ({@code before.hooks})
   * @param use recovery and verification: the method, {@code link} or {@code code} (default)
   * @param notifyUnknownRecipients recovery and verification: mail an address nobody has that someone tried it
   */
  public record Flow(Boolean enabled, String uiUrl, String lifespan, String privilegedSessionMaxAge,
      String requiredAal, String use, Boolean notifyUnknownRecipients, After after, Before before) {
    public Flow {
      lifespan = lifespan == null ? "1h" : lifespan;
      privilegedSessionMaxAge = privilegedSessionMaxAge == null ? "1h" : privilegedSessionMaxAge;
      requiredAal = requiredAal == null ? "highest_available" : requiredAal;
      uiUrl = uiUrl == null ? "" : uiUrl;
      after = after == null ? new After(null, null, null, null, null, null, null, null, null, null) : after;
      before = before == null ? new Before(null) : before;
      notifyUnknownRecipients = notifyUnknownRecipients != null && notifyUnknownRecipients;
    }

    Flow withDefaultUse(String method) {
      return use != null ? this : new Flow(enabled, uiUrl, lifespan, privilegedSessionMaxAge, requiredAal, method,
          notifyUnknownRecipients, after, before);
    }

    static Flow empty() {
      return new Flow(null, null, null, null, null, null, null, null, null);
    }

    public boolean enabledOr(boolean dflt) {
      return enabled == null ? dflt : enabled;
    }
  }

  /** {@code before}: the hooks run when a flow is created. */
  public record Before(List<Hook> hooks) {
    public Before {
      hooks = hooks == null ? List.of() : List.copyOf(hooks);
    }
  }

  /**
   * {@code after}: where browsers go and which hooks run once a flow succeeded, flow-wide and per method. As in
   * Kratos, a method's own hooks replace the flow-wide ones rather than adding to them.
   */
  public record After(String defaultBrowserReturnUrl, List<Hook> hooks, MethodAfter password, MethodAfter profile,
      MethodAfter oidc, MethodAfter code, MethodAfter webauthn, MethodAfter passkey, MethodAfter totp,
      MethodAfter lookupSecret) {
    /** The method keys {@code after} may hold, as Kratos names them. */
    public static final List<String> METHODS = List.of("password", "profile", "oidc", "code", "webauthn", "passkey",
        "totp", "lookup_secret");

    public After {
      defaultBrowserReturnUrl = defaultBrowserReturnUrl == null ? "" : defaultBrowserReturnUrl;
      hooks = hooks == null ? List.of() : List.copyOf(hooks);
    }

    /** {@code after.<method>}, or null when not configured. */
    public MethodAfter method(String method) {
      return switch (method) {
        case "password" -> password;
        case "profile" -> profile;
        case "oidc" -> oidc;
        case "code" -> code;
        case "webauthn" -> webauthn;
        case "passkey" -> passkey;
        case "totp" -> totp;
        case "lookup_secret" -> lookupSecret;
        default -> null;
      };
    }

    /** {@code after.<method>.hooks}; empty when the method has none of its own. */
    public List<Hook> methodHooks(String method) {
      MethodAfter m = method(method);
      return m == null ? List.of() : m.hooks();
    }

    /** The hooks for one method, falling back to the flow-wide ones, as Kratos does. */
    public List<Hook> hooksFor(String method) {
      List<Hook> own = methodHooks(method);
      return own.isEmpty() ? hooks : own;
    }

    public String returnUrlFor(String method) {
      MethodAfter m = method(method);
      return m != null && !m.defaultBrowserReturnUrl().isEmpty() ? m.defaultBrowserReturnUrl() : defaultBrowserReturnUrl;
    }
  }

  /** {@code after.<method>}: the method's own return URL and hooks. */
  public record MethodAfter(String defaultBrowserReturnUrl, List<Hook> hooks) {
    public MethodAfter {
      defaultBrowserReturnUrl = defaultBrowserReturnUrl == null ? "" : defaultBrowserReturnUrl;
      hooks = hooks == null ? List.of() : List.copyOf(hooks);
    }
  }

  /**
   * One hook entry, {@code {hook: <name>, config: {...}}}. The config stays a tree here: its shape depends on the
   * hook ({@link WebHookConfig} for {@code web_hook}; hooks registered by flows read their own).
   */
  public record Hook(String hook, JsonNode config) {
    public Hook {
      hook = hook == null ? "" : hook;
    }

    /** True when the entry has a non-empty {@code config}. */
    public boolean hasConfig() {
      return config != null && !config.isNull() && !(config.isObject() && config.isEmpty());
    }

    /** The {@code config} of a {@code web_hook}, bound and checked; errors name keys below {@code path}. */
    public WebHookConfig webHook(String path) {
      return WebHookConfig.bind(config, path + ".config");
    }
  }

  /**
   * One list of hooks and where it is configured.
   *
   * @param path the key path of the list, e.g. {@code portcullis.identity.selfservice.flows.login.after.password.hooks}
   * @param flow {@code login}, {@code registration}, {@code settings}, {@code recovery} or {@code verification}
   * @param before true for {@code before.hooks}
   * @param method the method of {@code after.<method>.hooks}; null for the flow-wide lists
   */
  public record HookList(String path, String flow, boolean before, String method, List<Hook> hooks) {
  }

  /**
   * Kratos' {@code clients}: outgoing HTTP calls. {@code web_hook.timeout} and {@code web_hook.max_retries} are
   * Portcullis keys (Kratos fixes them at 30s and 2).
   */
  public record Clients(ClientHttp http, WebHookClient webHook) {
    public Clients {
      http = http == null ? new ClientHttp(null, null) : http;
      webHook = webHook == null ? new WebHookClient(null, null, null) : webHook;
    }
  }

  /** {@code clients.http}: refuse calls to private IP ranges (SSRF protection), except the URLs listed. */
  public record ClientHttp(Boolean disallowPrivateIpRanges, List<String> privateIpExceptionUrls) {
    public ClientHttp {
      disallowPrivateIpRanges = disallowPrivateIpRanges != null && disallowPrivateIpRanges;
      privateIpExceptionUrls = privateIpExceptionUrls == null ? List.of() : List.copyOf(privateIpExceptionUrls);
    }
  }

  /**
   * {@code clients.web_hook}.
   *
   * @param headerAllowlist request headers handed to web hook templates ({@code ctx.request_headers}); Kratos' list
   *     by default
   * @param timeout how long one web hook call may take (Portcullis key), 30s by default
   * @param maxRetries retries after a failed connection, a 429 or a 5xx other than 501 (Portcullis key), 2 by default
   */
  public record WebHookClient(List<String> headerAllowlist, String timeout, Integer maxRetries) {
    public static final List<String> DEFAULT_HEADER_ALLOWLIST = List.of("Accept", "Accept-Encoding",
        "Accept-Language", "Content-Length", "Content-Type", "Origin", "Priority", "Referer", "Sec-Ch-Ua",
        "Sec-Ch-Ua-Mobile", "Sec-Ch-Ua-Platform", "Sec-Fetch-Dest", "Sec-Fetch-Mode", "Sec-Fetch-Site",
        "Sec-Fetch-User", "True-Client-Ip", "User-Agent");

    public WebHookClient {
      headerAllowlist = headerAllowlist == null ? DEFAULT_HEADER_ALLOWLIST : List.copyOf(headerAllowlist);
      timeout = timeout == null ? "30s" : timeout;
      maxRetries = maxRetries == null ? 2 : maxRetries;
    }
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
   * Kratos' secrets: {@code cipher} encrypts the tokens kept with OpenID Connect credentials (as Kratos); {@code cookie}
   * (else {@code default}) keys the hashes recovery and verification links and codes are stored as. Nothing else is
   * signed: the session cookie holds the unguessable token itself.
   */
  public record Secrets(@JsonProperty("default") List<String> defaults, List<String> cookie, List<String> cipher) {
    public Secrets {
      defaults = defaults == null ? List.of() : List.copyOf(defaults);
      cookie = cookie == null ? List.of() : List.copyOf(cookie);
      cipher = cipher == null ? List.of() : List.copyOf(cipher);
    }

  }

  /**
   * Portcullis' own (not a Kratos key): failed login, recovery and verification attempts counted per identifier and
   * per client address, shared across the cluster; past a count each attempt waits longer, and an identifier that keeps
   * failing is locked out until the lockout ends or an operator lifts it.
   *
   * @param window a key's failures are forgotten this long after its last one
   * @param backOffBase the first wait; each further failure doubles it
   * @param backOffMax the longest wait
   * @param lockoutDuration how long a lockout lasts; {@code 0}: until an operator lifts it
   */
  public record RateLimits(Boolean enabled, String window, String backOffBase, String backOffMax,
      String lockoutDuration, RateLimitScope identifier, RateLimitScope address) {
    public RateLimits {
      enabled = enabled == null || enabled;
      window = window == null ? "1h" : window;
      backOffBase = backOffBase == null ? "1s" : backOffBase;
      backOffMax = backOffMax == null ? "15m" : backOffMax;
      lockoutDuration = lockoutDuration == null ? "24h" : lockoutDuration;
      identifier = identifier == null ? new RateLimitScope(5, 20) : identifier.orDefaults(5, 20);
      address = address == null ? new RateLimitScope(20, 0) : address.orDefaults(20, 0);
    }
  }

  /**
   * @param backOffAfter failures after which each attempt waits
   * @param lockoutAfter failures that lock the key out; 0 never does
   */
  public record RateLimitScope(Integer backOffAfter, Integer lockoutAfter) {
    RateLimitScope orDefaults(int backOff, int lockout) {
      return new RateLimitScope(backOffAfter == null ? backOff : backOffAfter,
          lockoutAfter == null ? lockout : lockoutAfter);
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

package io.portcullis.config;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks the self-service hooks as Kratos' configuration schema does: which hooks each list may hold, which flows
 * have {@code before} and which methods {@code after.<method>}, and every {@code web_hook}'s config. A hook name Kratos
 * does not know passes here: the identity role fails at start when no hook of that name is registered.
 */
final class HookConfigValidator {
  private static final Set<String> B2B = Set.of("b2b_sso", "organization");
  private static final Set<String> KRATOS_HOOKS = Set.of("session", "revoke_active_sessions",
      "require_verified_address", "web_hook", "verification", "show_verification_ui", "b2b_sso", "organization");
  /** Kratos' {@code selfServiceHooks}: every {@code before} list and some flow-wide {@code after} lists. */
  private static final Set<String> GENERIC = union(Set.of("web_hook"), B2B);
  private static final Set<String> LOGIN = union(Set.of("revoke_active_sessions", "require_verified_address",
      "web_hook", "verification", "show_verification_ui"), B2B);
  private static final Set<String> LOGIN_OIDC = union(Set.of("revoke_active_sessions", "require_verified_address",
      "web_hook"), B2B);
  private static final Set<String> REGISTRATION_METHOD = union(Set.of("session", "web_hook", "show_verification_ui"),
      B2B);
  private static final Set<String> SETTINGS_CREDENTIAL = Set.of("web_hook", "revoke_active_sessions");
  private static final Set<String> SETTINGS_PROFILE = union(Set.of("web_hook", "show_verification_ui"), B2B);
  private static final Set<String> RECOVERY = Set.of("web_hook", "revoke_active_sessions");
  /** The methods each flow's {@code after} may name. */
  private static final Map<String, List<String>> AFTER_METHODS = Map.of(
      "login", List.of("password", "webauthn", "passkey", "oidc", "code", "totp", "lookup_secret"),
      "registration", List.of("password", "webauthn", "passkey", "oidc", "code"),
      "settings", List.of("password", "totp", "oidc", "webauthn", "passkey", "lookup_secret", "profile"));
  private static final Set<String> WITH_BEFORE = Set.of("login", "registration", "settings", "recovery",
      "verification");
  private static final Set<String> BODY_CONTENT_TYPES = Set.of("application/json",
      "application/x-www-form-urlencoded");

  private HookConfigValidator() {
  }

  static void validate(IdentityConfig c) {
    for (IdentityConfig.HookList list : c.hookLists()) {
      if (list.hooks().isEmpty() && list.method() == null) {
        continue;
      }
      String where = list.path().substring(0, list.path().length() - ".hooks".length());
      if (list.before() && !WITH_BEFORE.contains(list.flow())) {
        throw new InvalidConfigException(where, "the " + list.flow() + " flow has no before hooks");
      }
      if (!list.before() && list.method() != null
          && !AFTER_METHODS.getOrDefault(list.flow(), List.of()).contains(list.method())) {
        throw new InvalidConfigException(where, "the " + list.flow() + " flow has no after." + list.method()
            + " (methods here: " + AFTER_METHODS.getOrDefault(list.flow(), List.of()) + ")");
      }
      if (!list.before() && list.method() == null && !list.hooks().isEmpty()
          && (list.flow().equals("logout") || list.flow().equals("error"))) {
        throw new InvalidConfigException(list.path(), "the " + list.flow() + " flow runs no hooks");
      }
      Set<String> allowed = allowed(list);
      for (int i = 0; i < list.hooks().size(); i++) {
        hook(list.path() + "[" + i + "]", list.hooks().get(i), allowed);
      }
    }
    IdentityConfig.WebHookClient client = c.clients().webHook();
    Durations.parse("portcullis.identity.clients.web_hook.timeout", client.timeout());
    if (client.maxRetries() < 0) {
      throw new InvalidConfigException("portcullis.identity.clients.web_hook.max_retries", "must be 0 or more");
    }
  }

  /** The Kratos hooks the list may hold. */
  private static Set<String> allowed(IdentityConfig.HookList list) {
    if (list.before()) {
      return GENERIC;
    }
    return switch (list.flow()) {
      case "login" -> "oidc".equals(list.method()) ? LOGIN_OIDC : LOGIN;
      case "registration" -> list.method() == null ? GENERIC : REGISTRATION_METHOD;
      case "settings" -> list.method() == null ? GENERIC
          : list.method().equals("profile") ? SETTINGS_PROFILE : SETTINGS_CREDENTIAL;
      case "recovery" -> RECOVERY;
      default -> GENERIC;
    };
  }

  private static void hook(String path, IdentityConfig.Hook h, Set<String> allowed) {
    if (h.hook().isBlank()) {
      throw new InvalidConfigException(path + ".hook", "is required (e.g. session, revoke_active_sessions, web_hook)");
    }
    if (!KRATOS_HOOKS.contains(h.hook())) {
      return;
    }
    if (!allowed.contains(h.hook())) {
      throw new InvalidConfigException(path + ".hook", "\"" + h.hook() + "\" is not allowed here; hooks allowed here: "
          + new TreeSet<>(allowed) + (h.hook().equals("session") ? " (the session hook goes under "
          + "selfservice.flows.registration.after.<method>.hooks)" : ""));
    }
    switch (h.hook()) {
      case "web_hook" -> h.webHook(path);
      case "b2b_sso", "organization" -> {
        if (h.config() == null || !h.config().isObject()) {
          throw new InvalidConfigException(path + ".config", "is required for " + h.hook());
        }
      }
      default -> {
        if (h.hasConfig()) {
          throw new InvalidConfigException(path + ".config", "the " + h.hook() + " hook takes no config");
        }
      }
    }
  }

  /** A {@code web_hook}'s config: Kratos' required keys and the combinations its schema and runtime refuse. */
  static void webHook(WebHookConfig c, String path) {
    if (c.url() == null || c.url().isBlank()) {
      throw new InvalidConfigException(path + ".url", "is required, e.g. https://hooks.example.com/login");
    }
    URI url;
    try {
      url = URI.create(c.url());
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException(path + ".url", "\"" + c.url() + "\" is not a URL: " + e.getMessage());
    }
    if (url.getScheme() == null || !Set.of("http", "https").contains(url.getScheme().toLowerCase(Locale.ROOT))
        || url.getHost() == null) {
      throw new InvalidConfigException(path + ".url", "\"" + c.url() + "\" is not an http(s) URL with a host");
    }
    if (c.method() == null || !c.method().matches("[A-Za-z]+")) {
      throw new InvalidConfigException(path + ".method", "is required: an HTTP method such as POST (got "
          + (c.method() == null ? "nothing" : "\"" + c.method() + "\"") + ")");
    }
    boolean trace = c.method().equalsIgnoreCase("TRACE");
    if (!trace) {
      body(c.body(), path + ".body");
    }
    String contentType = c.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("Content-Type"))
        .map(Map.Entry::getValue).findFirst().orElse("application/json");
    if (!trace && !BODY_CONTENT_TYPES.contains(contentType)) {
      throw new InvalidConfigException(path + ".headers.Content-Type", "\"" + contentType + "\": a web hook body is "
          + "sent as application/json or application/x-www-form-urlencoded");
    }
    if (c.auth() != null) {
      auth(c, path);
    }
    if (c.response().ignore() && c.response().parse()) {
      throw new InvalidConfigException(path + ".response", "ignore and parse exclude each other: an ignored answer "
          + "cannot be parsed");
    }
    if (c.response().ignore() && c.canInterrupt()) {
      throw new InvalidConfigException(path + ".can_interrupt", "cannot be true with response.ignore: an ignored "
          + "answer cannot interrupt the flow");
    }
  }

  private static void auth(WebHookConfig c, String path) {
    String type = c.auth().type() == null ? "" : c.auth().type();
    switch (type) {
      case "api_key" -> {
        WebHookConfig.ApiKey k = c.apiKey(path);
        required(path + ".auth.config.name", k.name());
        required(path + ".auth.config.value", k.value());
        if (k.in() == null || !Set.of("header", "cookie").contains(k.in())) {
          throw new InvalidConfigException(path + ".auth.config.in", "is required: header or cookie");
        }
      }
      case "basic_auth" -> {
        WebHookConfig.BasicAuth b = c.basicAuth(path);
        required(path + ".auth.config.user", b.user());
        if (b.password() == null) {
          throw new InvalidConfigException(path + ".auth.config.password", "is required");
        }
      }
      default -> throw new InvalidConfigException(path + ".auth.type", "\"" + type + "\" is not one of [api_key, "
          + "basic_auth]");
    }
  }

  private static void required(String path, String value) {
    if (value == null || value.isEmpty()) {
      throw new InvalidConfigException(path, "is required");
    }
  }

  /** The body template's location: as Kratos fetches it, and present when it is a file. */
  private static void body(String body, String path) {
    if (body == null || body.isBlank()) {
      throw new InvalidConfigException(path, "is required: Kratos fails every call of a web hook without a body "
          + "template (file://, base64://, http(s)://)");
    }
    if (body.startsWith("base64://")) {
      try {
        TemplateSources.decodeBase64(body.substring("base64://".length()));
      } catch (IllegalArgumentException e) {
        throw new InvalidConfigException(path, "is not valid base64 after base64://");
      }
    } else if (TemplateSources.file(body) != null) {
      Path file = TemplateSources.file(body);
      if (!Files.isRegularFile(file)) {
        throw new InvalidConfigException(path, "\"" + body + "\": " + file.toAbsolutePath() + " is not a file");
      }
    }
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> s = new java.util.HashSet<>(a);
    s.addAll(b);
    return Set.copyOf(s);
  }
}

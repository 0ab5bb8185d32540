package io.portcullis.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityConfigTest {
  @TempDir
  Path dir;

  private Path write(String yaml) throws Exception {
    Path f = dir.resolve("config.yml");
    Files.writeString(f, yaml);
    return f;
  }

  @Test
  void theSeedKratosConfigLoadsUnderPortcullisIdentityByIndentingIt() throws Exception {
    String kratos = new String(getClass().getResourceAsStream("/seed/kratos.yml").readAllBytes());
    Path f = write("portcullis:\n  identity:\n    enabled: true\n" + kratos.indent(4));
    IdentityConfig c = ConfigLoader.load(f, Map.of()).config().portcullis().identity();
    assertThat(c.dsn()).startsWith("postgres://kratos:kratos@postgresql:5432/kratos");
    assertThat(c.serve().publicApi().port()).isEqualTo(4433);
    assertThat(c.serve().publicApi().cors().allowCredentials()).isTrue();
    assertThat(c.identity().defaultSchemaId()).isEqualTo("admin");
    assertThat(c.selfservice().flows().registration().enabledOr(true)).isFalse();
    assertThat(c.selfservice().flows().login().after().hooksFor("password")).extracting(IdentityConfig.Hook::hook)
        .containsExactly("revoke_active_sessions", "require_verified_address");
    assertThat(c.selfservice().flows().recovery().after().hooks()).extracting(IdentityConfig.Hook::hook)
        .containsExactly("revoke_active_sessions");
    assertThat(c.hookLists()).filteredOn(l -> !l.hooks().isEmpty()).extracting(IdentityConfig.HookList::path)
        .containsExactly("portcullis.identity.selfservice.flows.login.after.hooks",
            "portcullis.identity.selfservice.flows.recovery.after.hooks");
    assertThat(c.selfservice().method("password").enabled()).isFalse();
    assertThat(c.selfservice().method("webauthn").enabled()).isTrue();
    assertThat(c.session().lifespan()).isEqualTo("24h");
    assertThat(c.cookies().sameSite()).isEqualTo("None");
    IdentityConfig.Flow recovery = c.selfservice().flows().recovery();
    assertThat(recovery.enabledOr(false)).isTrue();
    assertThat(recovery.use()).isEqualTo("link");
    assertThat(recovery.uiUrl()).isEqualTo("http://auth.localhost.com:8080/recovery");
    assertThat(recovery.after().defaultBrowserReturnUrl()).isEqualTo("http://auth.localhost.com:8080/login");
    assertThat(c.selfservice().flows().verification().use()).isEqualTo("link");
    assertThat(c.selfservice().link()).isEqualTo(new IdentityConfig.LinkMethod(true, "1h"));
    assertThat(c.selfservice().code().enabled()).as("code is on unless switched off, as in Kratos").isTrue();
  }

  @Test
  void recoveryAndVerificationFollowKratosDefaults() {
    IdentityConfig c = ConfigLoader.load(null, Map.of()).config().portcullis().identity();
    var flows = c.selfservice().flows();
    assertThat(flows.recovery().enabledOr(false)).isFalse();
    assertThat(flows.recovery().use()).isEqualTo("code");
    assertThat(flows.recovery().notifyUnknownRecipients()).isFalse();
    assertThat(flows.verification().use()).isEqualTo("code");
    assertThat(c.selfservice().link()).isEqualTo(new IdentityConfig.LinkMethod(false, "1h"));
    assertThat(c.selfservice().code()).isEqualTo(new IdentityConfig.CodeMethod(true, "1h", 5, false, false));
    assertThat(c.useContinueWithTransitions()).isFalse();
  }

  @Test
  void typedMethodKeysAreRead() throws Exception {
    IdentityConfig c = ConfigLoader.load(write("""
        portcullis:
          identity:
            enabled: true
            dsn: "postgres://u:p@h/db"
            feature_flags: {use_continue_with_transitions: true}
            selfservice:
              flows:
                recovery: {enabled: true, use: code, notify_unknown_recipients: true}
              methods:
                link: {enabled: true, config: {lifespan: 15m}}
                code: {config: {lifespan: 10m, max_submissions: 3}}
                password: {config: {min_password_length: 10}}
        """), Map.of()).config().portcullis().identity();
    assertThat(c.selfservice().flows().recovery().notifyUnknownRecipients()).isTrue();
    assertThat(c.selfservice().link()).isEqualTo(new IdentityConfig.LinkMethod(true, "15m"));
    assertThat(c.selfservice().code()).isEqualTo(new IdentityConfig.CodeMethod(true, "10m", 3, false, false));
    assertThat(c.selfservice().method("password").enabled()).as("enabled unless switched off").isTrue();
    assertThat(c.useContinueWithTransitions()).isTrue();
  }

  @Test
  void badRecoveryAndVerificationValuesNameTheirKey() throws Exception {
    String head = "portcullis:\n  identity:\n    enabled: true\n    dsn: \"postgres://u:p@h/db\"\n";
    assertThatThrownBy(() -> ConfigLoader.load(write(head + "    selfservice: {flows: {recovery: {use: sms}}}\n"),
        Map.of())).hasMessageContaining("portcullis.identity.selfservice.flows.recovery.use");
    assertThatThrownBy(() -> ConfigLoader.load(write(head
        + "    selfservice: {flows: {verification: {use: magic}}}\n"), Map.of()))
        .hasMessageContaining("portcullis.identity.selfservice.flows.verification.use");
    assertThatThrownBy(() -> ConfigLoader.load(write(head
        + "    selfservice: {flows: {recovery: {lifespan: soon}}}\n"), Map.of()))
        .hasMessageContaining("portcullis.identity.selfservice.flows.recovery.lifespan");
    assertThatThrownBy(() -> ConfigLoader.load(write(head
        + "    selfservice: {methods: {link: {config: {lifespan: 1 hour}}}}\n"), Map.of()))
        .hasMessageContaining("portcullis.identity.selfservice.methods.link.config.lifespan");
    assertThatThrownBy(() -> ConfigLoader.load(write(head
        + "    selfservice: {methods: {code: {config: {lifespan: 5}}}}\n"), Map.of()))
        .hasMessageContaining("portcullis.identity.selfservice.methods.code.config.lifespan");
    assertThatThrownBy(() -> ConfigLoader.load(write(head
        + "    selfservice: {methods: {code: {config: {max_submissions: 0}}}}\n"), Map.of()))
        .hasMessageContaining("portcullis.identity.selfservice.methods.code.config.max_submissions");
    assertThatThrownBy(() -> ConfigLoader.load(write(head
        + "    selfservice: {methods: {code: {config: {max_submissions: many}}}}\n"), Map.of()))
        .hasMessageContaining("portcullis.identity.selfservice.methods.code.config.max_submissions");
    assertThatThrownBy(() -> ConfigLoader.load(write(head
        + "    feature_flags: {use_continue_with_transitions: yes please}\n"), Map.of()))
        .hasMessageContaining("portcullis.identity.feature_flags.use_continue_with_transitions");
  }

  @Test
  void rateLimitsAreOnByDefaultAndTheirBadValuesNameTheirKey() throws Exception {
    IdentityConfig.RateLimits d = ConfigLoader.load(null, Map.of()).config().portcullis().identity().rateLimits();
    assertThat(d.enabled()).isTrue();
    assertThat(d.identifier()).isEqualTo(new IdentityConfig.RateLimitScope(5, 20));
    assertThat(d.address()).isEqualTo(new IdentityConfig.RateLimitScope(20, 0));
    assertThat(List.of(d.window(), d.backOffBase(), d.backOffMax(), d.lockoutDuration()))
        .containsExactly("1h", "1s", "15m", "24h");
    String head = "portcullis:\n  identity:\n    enabled: true\n    dsn: \"postgres://u:p@h/db\"\n    rate_limits: ";
    assertThat(ConfigLoader.load(write(head + "{identifier: {lockout_after: 0}}\n"), Map.of()).config().portcullis()
        .identity().rateLimits().identifier()).as("an unset key keeps its default")
        .isEqualTo(new IdentityConfig.RateLimitScope(5, 0));
    assertThatThrownBy(() -> ConfigLoader.load(write(head + "{window: forever}\n"), Map.of()))
        .hasMessageContaining("portcullis.identity.rate_limits.window").hasMessageContaining("\"forever\"");
    assertThatThrownBy(() -> ConfigLoader.load(write(head + "{window: 0}\n"), Map.of()))
        .hasMessageContaining("portcullis.identity.rate_limits.window");
    assertThatThrownBy(() -> ConfigLoader.load(write(head + "{back_off_base: 0s}\n"), Map.of()))
        .hasMessageContaining("portcullis.identity.rate_limits.back_off_base");
    assertThatThrownBy(() -> ConfigLoader.load(write(head + "{back_off_max: soon}\n"), Map.of()))
        .hasMessageContaining("portcullis.identity.rate_limits.back_off_max");
    assertThatThrownBy(() -> ConfigLoader.load(write(head + "{address: {back_off_after: 0}}\n"), Map.of()))
        .hasMessageContaining("portcullis.identity.rate_limits.address.back_off_after: 0 is out of range");
    assertThatThrownBy(() -> ConfigLoader.load(write(head + "{identifier: {lockout_after: -1}}\n"), Map.of()))
        .hasMessageContaining("portcullis.identity.rate_limits.identifier.lockout_after: -1 is out of range");
    assertThatThrownBy(() -> ConfigLoader.load(write(head + "{per_minute: 5}\n"), Map.of()))
        .hasMessageContaining("portcullis.identity.rate_limits.per_minute");
    assertThat(ConfigLoader.load(null, Map.of("PORTCULLIS_PORTCULLIS_IDENTITY_RATE_LIMITS_ENABLED", "false")).config()
        .portcullis().identity().rateLimits().enabled()).as("the off switch from the environment").isFalse();
  }

  @Test
  void defaultsFollowKratos() {
    IdentityConfig c = ConfigLoader.load(null, Map.of()).config().portcullis().identity();
    assertThat(c.enabled()).isFalse();
    assertThat(c.serve().publicApi().port()).isEqualTo(4433);
    assertThat(c.serve().admin().port()).isEqualTo(4434);
    assertThat(c.session().cookie().name()).isEqualTo("ory_kratos_session");
    assertThat(c.selfservice().method("password").enabled()).isTrue();
    assertThat(c.selfservice().method("profile").enabled()).isTrue();
    assertThat(c.selfservice().flows().login().lifespan()).isEqualTo("1h");
  }

  @Test
  void aMethodWithOnlyItsConfigSetKeepsKratosDefault() throws Exception {
    IdentityConfig c = ConfigLoader.load(write("""
        portcullis:
          identity:
            selfservice:
              methods:
                password: {config: {min_password_length: 10}}
                profile: {enabled: false}
                totp: {config: {issuer: Example}}
        """), Map.of()).config().portcullis().identity();
    assertThat(c.selfservice().method("password").enabled()).isTrue();
    assertThat(c.selfservice().method("password").config()).containsEntry("min_password_length", 10);
    assertThat(c.selfservice().method("profile").enabled()).isFalse();
    assertThat(c.selfservice().method("totp").enabled()).isFalse();
  }

  @Test
  void environmentVariablesReachKeysNamedAfterJavaKeywords() {
    IdentityConfig c = ConfigLoader.load(null, Map.of("PORTCULLIS_PORTCULLIS_IDENTITY_SERVE_PUBLIC_PORT", "5433",
        "PORTCULLIS_PORTCULLIS_IDENTITY_SECRETS_DEFAULT", "[a-secret-of-32-characters-or-more]"))
        .config().portcullis().identity();
    assertThat(c.serve().publicApi().port()).isEqualTo(5433);
    assertThat(c.secrets().defaults()).containsExactly("a-secret-of-32-characters-or-more");
  }

  @Test
  void badValuesNameTheirKey() throws Exception {
    assertThatThrownBy(() -> ConfigLoader.load(write("portcullis: {identity: {enabled: true}}"), Map.of()))
        .hasMessageContaining("portcullis.identity.dsn");
    assertThatThrownBy(() -> ConfigLoader.load(write("""
        portcullis:
          identity: {enabled: true, dsn: "postgres://u:p@h/db", session: {lifespan: forever}}
        """), Map.of())).hasMessageContaining("portcullis.identity.session.lifespan");
    assertThatThrownBy(() -> ConfigLoader.load(write("""
        portcullis:
          identity: {enabled: true, dsn: "postgres://u:p@h/db", selfservice: {allowed_return_urls: ["not a url"]}}
        """), Map.of())).hasMessageContaining("portcullis.identity.selfservice.allowed_return_urls[0]");
    assertThatThrownBy(() -> ConfigLoader.load(write("""
        portcullis:
          identity: {enabled: true, dsn: "postgres://u:p@h/db", hashers: {algorithm: md5}}
        """), Map.of())).hasMessageContaining("portcullis.identity.hashers.algorithm");
    assertThatThrownBy(() -> ConfigLoader.load(write("""
        portcullis:
          identity: {enabled: true, dsn: "postgres://u:p@h/db", identity: {default_schema_id: x,
            schemas: [{id: y, url: "file:///s.json"}]}}
        """), Map.of())).hasMessageContaining("portcullis.identity.identity.default_schema_id");
    assertThatThrownBy(() -> ConfigLoader.load(write("portcullis: {identity: {sesion: {}}}"), Map.of()))
        .hasMessageContaining("portcullis.identity.sesion").hasMessageContaining("unknown key");
  }

  @Test
  void thePagesBlockHasDefaultsAndItsBadValuesNameTheirKey() throws Exception {
    IdentityConfig c = ConfigLoader.load(write("""
        portcullis:
          identity: {enabled: true, dsn: "postgres://u:p@h/db", ui: {title: Example, primary_color: "#0b7285"}}
        """), Map.of()).config().portcullis().identity();
    assertThat(c.ui().basePath()).isEqualTo("/ui");
    assertThat(c.ui().title()).isEqualTo("Example");
    assertThat(c.ui().primaryColor()).isEqualTo("#0b7285");
    assertThatThrownBy(() -> ConfigLoader.load(write("""
        portcullis:
          identity: {enabled: true, dsn: "postgres://u:p@h/db", ui: {base_path: "ui/"}}
        """), Map.of())).hasMessageContaining("portcullis.identity.ui.base_path");
    assertThatThrownBy(() -> ConfigLoader.load(write("""
        portcullis:
          identity: {enabled: true, dsn: "postgres://u:p@h/db", ui: {base_path: /self-service}}
        """), Map.of())).hasMessageContaining("portcullis.identity.ui.base_path");
    assertThatThrownBy(() -> ConfigLoader.load(write("""
        portcullis:
          identity: {enabled: true, dsn: "postgres://u:p@h/db", ui: {primary_color: "red;}body{display:none"}}
        """), Map.of())).hasMessageContaining("portcullis.identity.ui.primary_color");
    assertThatThrownBy(() -> ConfigLoader.load(write("""
        portcullis:
          identity: {enabled: true, dsn: "postgres://u:p@h/db", ui: {logo_url: "javascript:alert(1)"}}
        """), Map.of())).hasMessageContaining("portcullis.identity.ui.logo_url");
    assertThatThrownBy(() -> ConfigLoader.load(write("""
        portcullis:
          identity: {enabled: true, dsn: "postgres://u:p@h/db", ui: {translations: /nowhere/at/all}}
        """), Map.of())).hasMessageContaining("portcullis.identity.ui.translations");
  }

  private static final String DSN = "enabled: true, dsn: \"postgres://u:p@h/db\"";

  private IdentityConfig identity(String selfservice) throws Exception {
    return ConfigLoader.load(write("portcullis:\n  identity: {" + DSN + ", selfservice: " + selfservice + "}\n"),
        Map.of()).config().portcullis().identity();
  }

  @Test
  void hooksAreTypedPerFlowStageAndMethod() throws Exception {
    Path template = dir.resolve("body.jsonnet");
    Files.writeString(template, "function(ctx) { id: ctx.identity.id }");
    IdentityConfig c = identity("""
        {flows: {
          login: {before: {hooks: [{hook: web_hook, config: {url: "https://hooks.example.com/before", method: POST,
                   body: "base64://ZnVuY3Rpb24oY3R4KSB7fQ=="}}]},
                  after: {hooks: [{hook: revoke_active_sessions}],
                          password: {hooks: [{hook: require_verified_address}, {hook: web_hook, config: {
                            url: "https://hooks.example.com/login", method: POST, body: "file://%s",
                            headers: {X-Extra: extra}, auth: {type: api_key, config: {name: X-Key, value: s3cret, in: header}},
                            response: {parse: true}}}]}}},
          registration: {after: {password: {hooks: [{hook: web_hook, config: {url: "http://127.0.0.1:1/r",
                   method: POST, body: "file://%s", auth: {type: basic_auth, config: {user: u, password: p}},
                   response: {ignore: true}}}, {hook: session}]}}},
          settings: {before: {hooks: []}, after: {profile: {hooks: []}, password: {hooks: [{hook: revoke_active_sessions}]}}}}}
        """.formatted(template, template));
    var login = c.selfservice().flows().login();
    assertThat(login.before().hooks()).extracting(IdentityConfig.Hook::hook).containsExactly("web_hook");
    assertThat(login.after().hooksFor("password")).extracting(IdentityConfig.Hook::hook)
        .containsExactly("require_verified_address", "web_hook");
    assertThat(login.after().hooksFor("code")).extracting(IdentityConfig.Hook::hook)
        .containsExactly("revoke_active_sessions");
    WebHookConfig web = login.after().methodHooks("password").get(1).webHook("x");
    assertThat(web.url()).isEqualTo("https://hooks.example.com/login");
    assertThat(web.headers()).containsEntry("X-Extra", "extra");
    assertThat(web.apiKey("x")).isEqualTo(new WebHookConfig.ApiKey("X-Key", "s3cret", "header"));
    assertThat(web.response().parse()).isTrue();
    assertThat(web.readsResponse()).isTrue();
    assertThat(web.emitAnalyticsEvent()).isTrue();
    WebHookConfig reg = c.selfservice().flows().registration().after().methodHooks("password").get(0).webHook("x");
    assertThat(reg.basicAuth("x")).isEqualTo(new WebHookConfig.BasicAuth("u", "p"));
    assertThat(reg.response().ignore()).isTrue();
    assertThat(c.clients().webHook().headerAllowlist()).contains("User-Agent", "Accept-Language");
    assertThat(c.clients().webHook().timeout()).isEqualTo("30s");
    assertThat(c.clients().webHook().maxRetries()).isEqualTo(2);
  }

  @Test
  void badHooksNameTheirKey() throws Exception {
    String p = "portcullis.identity.selfservice.flows.";
    String url = "url: \"https://h.example.com/x\", method: POST, body: \"base64://e30=\"";
    assertThatThrownBy(() -> identity("{flows: {registration: {after: {hooks: [{hook: session}]}}}}"))
        .hasMessageStartingWith(p + "registration.after.hooks[0].hook: \"session\" is not allowed here")
        .hasMessageContaining("after.<method>.hooks");
    assertThatThrownBy(() -> identity("{flows: {login: {after: {password: {hooks: [{hook: session}]}}}}}"))
        .hasMessageStartingWith(p + "login.after.password.hooks[0].hook");
    assertThatThrownBy(() -> identity("{flows: {login: {after: {profile: {hooks: []}}}}}"))
        .hasMessageStartingWith(p + "login.after.profile: the login flow has no after.profile");
    assertThatThrownBy(() -> identity("{flows: {logout: {before: {hooks: [{hook: web_hook}]}}}}"))
        .hasMessageStartingWith(p + "logout.before: the logout flow has no before hooks");
    assertThatThrownBy(() -> identity("{flows: {login: {before: {hooks: [{hook: revoke_active_sessions}]}}}}"))
        .hasMessageStartingWith(p + "login.before.hooks[0].hook");
    assertThatThrownBy(() -> identity("{flows: {login: {after: {hooks: [{hook: revoke_active_sessions, config: {a: 1}}]}}}}"))
        .hasMessageStartingWith(p + "login.after.hooks[0].config: the revoke_active_sessions hook takes no config");
    assertThatThrownBy(() -> identity("{flows: {login: {before: {hooks: [{hook: web_hook}]}}}}"))
        .hasMessageStartingWith(p + "login.before.hooks[0].config: is required");
    assertThatThrownBy(() -> identity("{flows: {login: {before: {hooks: [{hook: web_hook, config: {method: POST}}]}}}}"))
        .hasMessageStartingWith(p + "login.before.hooks[0].config.url: is required");
    assertThatThrownBy(() -> identity("{flows: {login: {before: {hooks: [{hook: web_hook, config: {" + url
        + ", timeout: 5s}}]}}}}")).hasMessageStartingWith(p + "login.before.hooks[0].config.timeout: unknown key");
    assertThatThrownBy(() -> identity("{flows: {login: {before: {hooks: [{hook: web_hook, config: {url: \"ftp://h/x\","
        + " method: POST, body: \"base64://e30=\"}}]}}}}")).hasMessageStartingWith(p + "login.before.hooks[0].config.url");
    assertThatThrownBy(() -> identity("{flows: {login: {before: {hooks: [{hook: web_hook, config: {url: \"https://h/x\","
        + " method: POST}}]}}}}")).hasMessageStartingWith(p + "login.before.hooks[0].config.body: is required");
    assertThatThrownBy(() -> identity("{flows: {login: {before: {hooks: [{hook: web_hook, config: {url: \"https://h/x\","
        + " method: POST, body: \"file:///nowhere/body.jsonnet\"}}]}}}}"))
        .hasMessageStartingWith(p + "login.before.hooks[0].config.body");
    assertThatThrownBy(() -> identity("{flows: {login: {before: {hooks: [{hook: web_hook, config: {" + url
        + ", auth: {type: api_key, config: {name: k, value: v}}}}]}}}}"))
        .hasMessageStartingWith(p + "login.before.hooks[0].config.auth.config.in");
    assertThatThrownBy(() -> identity("{flows: {login: {before: {hooks: [{hook: web_hook, config: {" + url
        + ", auth: {type: oauth2, config: {}}}}]}}}}"))
        .hasMessageStartingWith(p + "login.before.hooks[0].config.auth.type");
    assertThatThrownBy(() -> identity("{flows: {login: {before: {hooks: [{hook: web_hook, config: {" + url
        + ", response: {ignore: true, parse: true}}}]}}}}"))
        .hasMessageStartingWith(p + "login.before.hooks[0].config.response: ignore and parse exclude each other");
    assertThatThrownBy(() -> identity("{flows: {login: {before: {hooks: [{hook: web_hook, config: {" + url
        + ", headers: {Content-Type: text/plain}}}]}}}}"))
        .hasMessageStartingWith(p + "login.before.hooks[0].config.headers.Content-Type");
    assertThatThrownBy(() -> identity("{flows: {login: {before: {hooks: [{config: {}}]}}}}"))
        .hasMessageStartingWith(p + "login.before.hooks[0].hook: is required");
    assertThatThrownBy(() -> ConfigLoader.load(write("portcullis:\n  identity: {" + DSN
        + ", clients: {web_hook: {timeout: soon}}}\n"), Map.of()))
        .hasMessageStartingWith("portcullis.identity.clients.web_hook.timeout");
  }
}

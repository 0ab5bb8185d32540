package io.portcullis.identity.it;

import static io.portcullis.identity.it.Browser.flowId;
import static io.portcullis.identity.it.Browser.node;
import static io.portcullis.identity.it.Browser.nodeValue;
import static io.portcullis.identity.it.Browser.uiMessageIds;
import static io.portcullis.identity.it.BrowserFlowsTest.action;
import static io.portcullis.identity.it.BrowserFlowsTest.fetchFlow;
import static io.portcullis.identity.it.BrowserFlowsTest.form;
import static io.portcullis.identity.it.BrowserFlowsTest.init;
import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.identity.TestIdentity;
import io.portcullis.identity.session.ClientInfo;
import io.portcullis.identity.session.SessionService;
import io.portcullis.identity.store.IdentityStore;
import io.portcullis.identity.store.Outbox;
import io.portcullis.identity.store.SessionStore;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.HttpCookie;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * WebAuthn (passwordless) and passkeys through the browser-flow endpoints with a software authenticator, on the
 * seed's relying party ({@code localhost.com}, origin {@code http://auth.localhost.com:8080}): keys added in settings
 * log in; a wrong origin, a wrong challenge, a replay and a counter that does not increase are refused with Kratos'
 * message; keys are removed, except the last way to log in.
 */
class WebAuthnFlowsTest {
  static final String ORIGIN = "http://auth.localhost.com:8080";
  static final String RP = "{id: localhost.com, display_name: Developer Friendly Blog, origins: [\"" + ORIGIN + "\"]}";
  static final String SCHEMA = """
      {"$id": "https://portcullis.test/users.schema.json", "$schema": "http://json-schema.org/draft-07/schema#",
       "type": "object", "properties": {"traits": {"type": "object", "required": ["email"], "properties": {
         "email": {"type": "string", "format": "email", "title": "E-Mail", "ory.sh/kratos": {"credentials": {
           "password": {"identifier": true}, "webauthn": {"identifier": true},
           "passkey": {"display_name": true}}}}}}}}""";
  static TestIdentity identity;

  @BeforeAll
  static void start() throws Exception {
    identity = new TestIdentity(config("""
            webauthn: {enabled: true, config: {passwordless: true, rp: %s}}
            passkey: {enabled: true, config: {rp: %s}}
        """.formatted(RP, RP)));
  }

  /** The users schema, sign-up with a session, and {@code methods} (YAML indented under selfservice.methods). */
  static String config(String methods) {
    String schema = "base64://" + Base64.getEncoder().encodeToString(SCHEMA.getBytes(StandardCharsets.UTF_8));
    return """
        identity:
          default_schema_id: users
          schemas: [{id: users, url: "%s"}]
        selfservice:
          flows:
            registration:
              after:
                password:
                  hooks: [{hook: session}]
          methods:
        """.formatted(schema) + methods;
  }

  @AfterAll
  static void stop() {
    identity.close();
  }

  @Test
  void aSecurityKeyAddedInSettingsLogsInWithoutPassword() throws Exception {
    Browser b = new Browser();
    SoftAuthenticator key = new SoftAuthenticator();
    String email = "ada@example.com";
    BrowserFlowsTest.register(b, identity, email);
    JsonObject settings = init(b, identity, "settings", "");
    JsonObject trigger = node(settings, "webauthn_register_trigger").getJsonObject("attributes");
    assertThat(trigger.getString("onclickTrigger")).isEqualTo("oryWebAuthnRegistration");
    assertThat(trigger.getString("onclick")).startsWith("window.oryWebAuthnRegistration({");
    JsonObject options = new JsonObject(trigger.getString("value"));
    assertThat(options.getJsonObject("publicKey").getJsonObject("rp").getString("id")).isEqualTo("localhost.com");
    assertThat(options.getJsonObject("publicKey").getJsonObject("authenticatorSelection").getString("userVerification"))
        .isEqualTo("discouraged");
    assertThat(script(settings).getString("type")).isEqualTo("script");

    HttpResponse<String> added = b.postForm(action(settings), form(settings, "webauthn_register",
        key.create(options, ORIGIN), "webauthn_register_displayname", "Blue key"));
    assertThat(added.statusCode()).as(added.body()).isEqualTo(303);
    assertThat(fetchFlow(b, identity, "settings", settings.getString("id")).getString("state")).isEqualTo("success");

    JsonObject stored = admin(b, "?include_credential=webauthn").getJsonObject("credentials")
        .getJsonObject("webauthn");
    assertThat(stored.getJsonArray("identifiers")).containsExactly(email);
    JsonObject k = stored.getJsonObject("config").getJsonArray("credentials").getJsonObject(0);
    assertThat(k.getString("display_name")).isEqualTo("Blue key");
    assertThat(k.getBoolean("is_passwordless")).isTrue();
    assertThat(Base64.getDecoder().decode(k.getString("id"))).isEqualTo(key.credentialId);
    assertThat(k.getJsonObject("authenticator").getLong("sign_count")).isZero();
    assertThat(admin(b, "").getJsonObject("credentials").getJsonObject("webauthn").getJsonObject("config"))
        .isEmpty();

    Browser other = new Browser();
    HttpResponse<String> in = loginWithKey(other, email, key, ORIGIN, false);
    assertThat(in.statusCode()).as(in.body()).isEqualTo(303);
    JsonObject whoami = new JsonObject(other.getJson(identity.publicUrl() + "/sessions/whoami").body());
    assertThat(whoami.getJsonArray("authentication_methods").getJsonObject(0).getString("method"))
        .isEqualTo("webauthn");
    assertThat(whoami.getJsonObject("identity").getJsonObject("traits").getString("email")).isEqualTo(email);
    assertThat(admin(b, "?include_credential=webauthn").getJsonObject("credentials").getJsonObject("webauthn")
        .getJsonObject("config").getJsonArray("credentials").getJsonObject(0).getJsonObject("authenticator")
        .getLong("sign_count")).isEqualTo(1);

    // A refresh (re-authentication) offers the key of the session's identity, its identifier hidden.
    JsonObject refresh = init(other, identity, "login", "?refresh=true");
    assertThat(nodeValue(refresh, "identifier")).isEqualTo(email);
    JsonObject refreshOptions = new JsonObject(nodeValue(refresh, "webauthn_login_trigger"));
    HttpResponse<String> again = other.postForm(action(refresh), form(refresh, "identifier", email,
        "webauthn_login", key.get(refreshOptions, ORIGIN)));
    assertThat(again.statusCode()).as(again.body()).isEqualTo(303);
  }

  /**
   * The seed's {@code login.after.hooks: [revoke_active_sessions]} (flow-wide, no {@code after.webauthn}) runs for a
   * passwordless login too: the identity's session in another browser ends, the new one lives.
   */
  @Test
  void aSecurityKeyLoginRunsTheLoginHooks() throws Exception {
    String schema = "base64://" + Base64.getEncoder().encodeToString(SCHEMA.getBytes(StandardCharsets.UTF_8));
    try (TestIdentity revoking = new TestIdentity("""
        identity:
          default_schema_id: users
          schemas: [{id: users, url: "%s"}]
        selfservice:
          flows:
            login:
              after:
                hooks: [{hook: revoke_active_sessions}]
            registration:
              after:
                password:
                  hooks: [{hook: session}]
          methods:
            webauthn: {enabled: true, config: {passwordless: true, rp: %s}}
        """.formatted(schema, RP))) {
      Browser first = new Browser();
      SoftAuthenticator key = new SoftAuthenticator();
      String email = "hedy@example.com";
      BrowserFlowsTest.register(first, revoking, email);
      addSecurityKey(first, revoking, key);
      assertThat(first.getJson(revoking.publicUrl() + "/sessions/whoami").statusCode()).isEqualTo(200);

      Browser second = new Browser();
      JsonObject step = keyStep(second, revoking, email);
      HttpResponse<String> in = second.postForm(action(step), form(step, "identifier", email, "webauthn_login",
          key.get(new JsonObject(nodeValue(step, "webauthn_login_trigger")), ORIGIN)));
      assertThat(in.statusCode()).as(in.body()).isEqualTo(303);

      HttpResponse<String> mine = second.getJson(revoking.publicUrl() + "/sessions/whoami");
      assertThat(mine.statusCode()).isEqualTo(200);
      assertThat(new JsonObject(mine.body()).getJsonArray("authentication_methods").getJsonObject(0)
          .getString("method")).isEqualTo("webauthn");
      assertThat(first.getJson(revoking.publicUrl() + "/sessions/whoami").statusCode()).isEqualTo(401);
    }
  }

  @Test
  void wrongOriginChallengeReplayAndStaleCounterAreRefused() throws Exception {
    Browser b = new Browser();
    SoftAuthenticator key = new SoftAuthenticator();
    String email = "grace@example.com";
    BrowserFlowsTest.register(b, identity, email);
    addSecurityKey(b, key);

    // A wrong origin: a phishing page relaying the challenge.
    HttpResponse<String> phished = loginWithKey(new Browser(), email, key, "http://auth.evil.com:8080", true);
    assertThat(phished.statusCode()).as(phished.body()).isEqualTo(400);
    assertThat(uiMessageIds(new JsonObject(phished.body()))).containsExactly(4000008L);

    // A wrong challenge: an assertion made for another flow.
    Browser c = new Browser();
    JsonObject step2 = keyStep(c, email);
    JsonObject options = new JsonObject(nodeValue(step2, "webauthn_login_trigger"));
    String elsewhere = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]);
    HttpResponse<String> wrong = c.postForm(action(step2), form(step2, "identifier", email, "webauthn_login",
        key.get(options, ORIGIN, elsewhere, ++key.counter)), "Accept", "application/json");
    assertThat(wrong.statusCode()).as(wrong.body()).isEqualTo(400);
    assertThat(uiMessageIds(new JsonObject(wrong.body()))).containsExactly(4000008L);

    // A good assertion, then the same one replayed on a new flow.
    String good = key.get(options, ORIGIN);
    assertThat(c.postForm(action(step2), form(step2, "identifier", email, "webauthn_login", good)).statusCode())
        .isEqualTo(303);
    Browser d = new Browser();
    JsonObject again = keyStep(d, email);
    HttpResponse<String> replayed = d.postForm(action(again), form(again, "identifier", email, "webauthn_login",
        good), "Accept", "application/json");
    assertThat(replayed.statusCode()).isEqualTo(400);
    assertThat(uiMessageIds(new JsonObject(replayed.body()))).containsExactly(4000008L);

    // The right challenge with a counter that did not increase: a cloned authenticator.
    JsonObject opts = new JsonObject(nodeValue(again, "webauthn_login_trigger"));
    HttpResponse<String> cloned = d.postForm(action(again), form(again, "identifier", email, "webauthn_login",
        key.get(opts, ORIGIN, opts.getJsonObject("publicKey").getString("challenge"), key.counter)),
        "Accept", "application/json");
    assertThat(cloned.statusCode()).as(cloned.body()).isEqualTo(400);
    assertThat(uiMessageIds(new JsonObject(cloned.body()))).containsExactly(4000008L);
    assertThat(d.cookie(BrowserFlowsTest.SESSION_COOKIE)).isEmpty();

    // An unknown identifier: Kratos' "no such user".
    Browser e = new Browser();
    JsonObject login = init(e, identity, "login", "");
    HttpResponse<String> unknown = e.postForm(action(login), form(login, "method", "webauthn", "identifier",
        "nobody@example.com"), "Accept", "application/json");
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(uiMessageIds(new JsonObject(unknown.body()))).containsExactly(4000015L);
  }

  @Test
  void aPasskeyAddedInSettingsLogsIn() throws Exception {
    Browser b = new Browser();
    SoftAuthenticator passkey = new SoftAuthenticator();
    String email = "linus@example.com";
    BrowserFlowsTest.register(b, identity, email);
    JsonObject settings = init(b, identity, "settings", "");
    assertThat(node(settings, "passkey_register_trigger").getJsonObject("attributes").getString("onclick"))
        .isEqualTo("window.oryPasskeySettingsRegistration()");
    JsonObject options = new JsonObject(nodeValue(settings, "passkey_create_data"));
    JsonObject selection = options.getJsonObject("publicKey").getJsonObject("authenticatorSelection");
    assertThat(selection.getString("residentKey")).isEqualTo("required");
    assertThat(selection.getString("authenticatorAttachment")).isEqualTo("platform");
    HttpResponse<String> added = b.postForm(action(settings), form(settings, "passkey_settings_register",
        passkey.create(options, ORIGIN)));
    assertThat(added.statusCode()).as(added.body()).isEqualTo(303);
    JsonObject stored = admin(b, "?include_credential=passkey").getJsonObject("credentials")
        .getJsonObject("passkey");
    assertThat(stored.getJsonArray("identifiers"))
        .containsExactly(new String(passkey.userHandle, StandardCharsets.UTF_8));

    Browser other = new Browser();
    JsonObject login = init(other, identity, "login", "");
    JsonObject challenge = node(login, "passkey_challenge");
    assertThat(challenge.getString("group")).isEqualTo("passkey");
    assertThat(node(login, "passkey_login").getJsonObject("attributes").getString("onloadTrigger"))
        .isEqualTo("oryPasskeyLoginAutocompleteInit");
    assertThat(node(login, "passkey_login_trigger").getJsonObject("meta").getJsonObject("label").getLong("id"))
        .isEqualTo(1010021L);
    JsonObject loginOptions = new JsonObject(challenge.getJsonObject("attributes").getString("value"));
    assertThat(loginOptions.getJsonObject("publicKey").containsKey("allowCredentials")).isFalse();
    HttpResponse<String> in = other.postForm(action(login), form(login, "method", "passkey", "passkey_login",
        passkey.get(loginOptions, ORIGIN)));
    assertThat(in.statusCode()).as(in.body()).isEqualTo(303);
    // whoami requires highest_available (the default): a passkey is a first factor (aal1, as in Kratos), not a
    // second factor the identity would have to prove, so the aal1 session passes.
    HttpResponse<String> mine = other.getJson(identity.publicUrl() + "/sessions/whoami");
    assertThat(mine.statusCode()).as(mine.body()).isEqualTo(200);
    JsonObject whoami = new JsonObject(mine.body());
    assertThat(whoami.getJsonArray("authentication_methods").getJsonObject(0).getString("method"))
        .isEqualTo("passkey");
    assertThat(whoami.getJsonArray("authentication_methods").getJsonObject(0).getString("aal")).isEqualTo("aal1");
    assertThat(whoami.getString("authenticator_assurance_level")).isEqualTo("aal1");
    assertThat(whoami.getJsonObject("identity").getString("id")).isEqualTo(admin(b, "").getString("id"));

    // A refresh (re-authentication) offers this identity's passkey.
    JsonObject refresh = init(other, identity, "login", "?refresh=true");
    JsonObject refreshOptions = new JsonObject(nodeValue(refresh, "passkey_challenge"));
    assertThat(refreshOptions.getJsonObject("publicKey").getJsonArray("allowCredentials").getJsonObject(0)
        .getString("id")).isEqualTo(Base64.getUrlEncoder().withoutPadding().encodeToString(passkey.credentialId));
    HttpResponse<String> again = other.postForm(action(refresh), form(refresh, "method", "passkey", "passkey_login",
        passkey.get(refreshOptions, ORIGIN)));
    assertThat(again.statusCode()).as(again.body()).isEqualTo(303);
  }

  @Test
  void aPasskeyLoginOfAnIdentityWithTotpTakesTheSecondStep() throws Exception {
    try (TestIdentity mfa = new TestIdentity(config("""
            passkey: {enabled: true, config: {rp: %s}}
            totp: {enabled: true}
        """.formatted(RP)))) {
      Browser b = new Browser();
      SoftAuthenticator passkey = new SoftAuthenticator();
      BrowserFlowsTest.register(b, mfa, "mira@example.com");
      JsonObject settings = init(b, mfa, "settings", "");
      HttpResponse<String> added = b.postForm(action(settings), form(settings, "passkey_settings_register",
          passkey.create(new JsonObject(nodeValue(settings, "passkey_create_data")), ORIGIN)));
      assertThat(added.statusCode()).as(added.body()).isEqualTo(303);
      settings = init(b, mfa, "settings", "");
      String secret = SecondFactorTest.textNode(settings, "totp_secret_key").getJsonObject("attributes")
          .getJsonObject("text").getJsonObject("context").getString("secret");
      HttpResponse<String> enrolled = b.postForm(action(settings), form(settings, "method", "totp", "totp_code",
          SecondFactorTest.code(secret)));
      assertThat(enrolled.statusCode()).as(enrolled.body()).isEqualTo(303);

      // A passkey is a first factor: with TOTP enrolled, highest_available sends the aal1 session on to aal2.
      Browser other = new Browser();
      JsonObject login = init(other, mfa, "login", "");
      HttpResponse<String> in = other.postForm(action(login), form(login, "method", "passkey", "passkey_login",
          passkey.get(new JsonObject(nodeValue(login, "passkey_challenge")), ORIGIN)));
      assertThat(in.statusCode()).as(in.body()).isEqualTo(303);
      assertThat(in.headers().firstValue("Location").orElseThrow()).endsWith("/self-service/login/browser?aal=aal2");
      assertThat(other.getJson(mfa.publicUrl() + "/sessions/whoami").statusCode()).isEqualTo(403);
      JsonObject step = init(other, mfa, "login", "?aal=aal2");
      HttpResponse<String> second = other.postForm(action(step), form(step, "method", "totp", "totp_code",
          SecondFactorTest.code(secret)));
      assertThat(second.statusCode()).as(second.body()).isEqualTo(303);
      HttpResponse<String> mine = other.getJson(mfa.publicUrl() + "/sessions/whoami");
      assertThat(mine.statusCode()).as(mine.body()).isEqualTo(200);
      JsonObject whoami = new JsonObject(mine.body());
      assertThat(whoami.getString("authenticator_assurance_level")).isEqualTo("aal2");
      assertThat(SecondFactorTest.methods(whoami)).containsExactly("passkey:aal1", "totp:aal2");
    }
  }

  @Test
  void keysAreRemovedButNotTheLastWayToLogIn() throws Exception {
    Browser b = new Browser();
    SoftAuthenticator key = new SoftAuthenticator();
    BrowserFlowsTest.register(b, identity, "ken@example.com");
    addSecurityKey(b, key);
    JsonObject settings = init(b, identity, "settings", "");
    JsonObject remove = node(settings, "webauthn_remove");
    assertThat(remove.getJsonObject("attributes").getString("value"))
        .isEqualTo(HexFormat.of().formatHex(key.credentialId));
    assertThat(remove.getJsonObject("attributes").getBoolean("disabled")).isFalse();
    assertThat(remove.getJsonObject("meta").getJsonObject("label").getString("text"))
        .isEqualTo("Remove security key \"Blue key\"");
    HttpResponse<String> removed = b.postForm(action(settings), form(settings, "webauthn_remove",
        HexFormat.of().formatHex(key.credentialId)));
    assertThat(removed.statusCode()).as(removed.body()).isEqualTo(303);
    assertThat(admin(b, "").getJsonObject("credentials").containsKey("webauthn")).isFalse();

    // An identity whose only way in is one passkey cannot remove it.
    JsonObject created = new JsonObject(new Browser().postJson(identity.adminUrl() + "/admin/identities",
        new JsonObject().put("schema_id", "users").put("traits", new JsonObject().put("email", "solo@example.com")))
        .body());
    Browser solo = new Browser();
    HttpCookie cookie = new HttpCookie(BrowserFlowsTest.SESSION_COOKIE,
        issue(UUID.fromString(created.getString("id"))));
    cookie.setPath("/");
    solo.plant(cookie, identity.publicUrl());
    SoftAuthenticator only = new SoftAuthenticator();
    JsonObject s1 = init(solo, identity, "settings", "");
    assertThat(solo.postForm(action(s1), form(s1, "passkey_settings_register",
        only.create(new JsonObject(nodeValue(s1, "passkey_create_data")), ORIGIN))).statusCode()).isEqualTo(303);
    JsonObject s2 = init(solo, identity, "settings", "");
    assertThat(node(s2, "passkey_remove").getJsonObject("attributes").getBoolean("disabled")).isTrue();
    HttpResponse<String> refused = solo.postForm(action(s2), form(s2, "passkey_remove",
        HexFormat.of().formatHex(only.credentialId)), "Accept", "application/json");
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
    assertThat(Browser.nodeMessageIds(new JsonObject(refused.body()), "webauthn_remove")).containsExactly(4000001L);
    assertThat(new Browser().getJson(identity.adminUrl() + "/admin/identities/" + created.getString("id")).body())
        .contains("\"passkey\"");
  }

  @Test
  void aProfileChangeKeepsTheKeysAndTheIdentifierFollowsTheTraits() throws Exception {
    Browser b = new Browser();
    SoftAuthenticator key = new SoftAuthenticator();
    BrowserFlowsTest.register(b, identity, "old@example.com");
    addSecurityKey(b, key);
    JsonObject settings = init(b, identity, "settings", "");
    HttpResponse<String> changed = b.postForm(action(settings), form(settings, "method", "profile", "traits.email",
        "new@example.com"));
    assertThat(changed.statusCode()).as(changed.body()).isEqualTo(303);
    JsonObject webauthn = admin(b, "?include_credential=webauthn").getJsonObject("credentials")
        .getJsonObject("webauthn");
    assertThat(webauthn.getJsonArray("identifiers")).containsExactly("new@example.com");
    assertThat(webauthn.getJsonObject("config").getJsonArray("credentials")).hasSize(1);
    assertThat(loginWithKey(new Browser(), "new@example.com", key, ORIGIN, false).statusCode()).isEqualTo(303);

    String id = admin(b, "").getString("id");
    HttpResponse<String> bad = new Browser().getJson(identity.adminUrl() + "/admin/identities/" + id
        + "?include_credential=webauthn&include_credential=fido");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(bad.body()).getJsonObject("error").getString("reason"))
        .isEqualTo("Invalid value `[webauthn]` for parameter `include_credential`.");
  }

  @Test
  void theScriptIsServedWithTheIntegrityTheNodesName() throws Exception {
    Browser b = new Browser();
    JsonObject login = init(b, identity, "login", "");
    JsonObject attrs = script(login).getJsonObject("attributes");
    assertThat(attrs.getString("src")).isEqualTo(identity.publicUrl() + "/.well-known/ory/webauthn.js");
    HttpResponse<byte[]> js = b.http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(attrs.getString(
        "src"))).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(js.statusCode()).isEqualTo(200);
    assertThat(js.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=UTF-8");
    assertThat(attrs.getString("integrity")).isEqualTo("sha512-"
        + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-512").digest(js.body())));
    String body = new String(js.body(), StandardCharsets.UTF_8);
    for (String fn : new String[] {"oryWebAuthnLogin", "oryWebAuthnRegistration", "oryPasskeyLogin",
        "oryPasskeyLoginAutocompleteInit", "oryPasskeyRegistration", "oryPasskeySettingsRegistration"}) {
      assertThat(body).contains("window." + fn + " =");
    }
  }

  /** The {@code webauthn_script} node (scripts have an id, not a name). */
  static JsonObject script(JsonObject flow) {
    return flow.getJsonObject("ui").getJsonArray("nodes").stream().map(JsonObject.class::cast)
        .filter(n -> "webauthn_script".equals(n.getJsonObject("attributes").getString("id"))).findFirst()
        .orElseThrow();
  }

  /** Adds {@code key} as "Blue key" in a settings flow of {@code b}. */
  static void addSecurityKey(Browser b, SoftAuthenticator key) throws Exception {
    addSecurityKey(b, identity, key);
  }

  static void addSecurityKey(Browser b, TestIdentity id, SoftAuthenticator key) throws Exception {
    JsonObject settings = init(b, id, "settings", "");
    JsonObject options = new JsonObject(nodeValue(settings, "webauthn_register_trigger"));
    HttpResponse<String> added = b.postForm(action(settings), form(settings, "webauthn_register",
        key.create(options, ORIGIN), "webauthn_register_displayname", "Blue key"));
    assertThat(added.statusCode()).as(added.body()).isEqualTo(303);
  }

  /** The first step of a passwordless login: the identifier; the flow then offers the identity's keys. */
  static JsonObject keyStep(Browser b, String email) throws Exception {
    return keyStep(b, identity, email);
  }

  static JsonObject keyStep(Browser b, TestIdentity id, String email) throws Exception {
    JsonObject login = init(b, id, "login", "");
    assertThat(node(login, "identifier").getJsonObject("attributes").getString("autocomplete"))
        .isEqualTo("username webauthn");
    HttpResponse<String> r = b.postForm(action(login), form(login, "method", "webauthn", "identifier", email));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
    String location = r.headers().firstValue("Location").orElseThrow();
    assertThat(location).isEqualTo(id.publicUrl() + "/ui/login?flow=" + login.getString("id"));
    JsonObject step = fetchFlow(b, id, "login", flowId(location));
    assertThat(uiMessageIds(step)).containsExactly(1010012L);
    JsonObject trigger = node(step, "webauthn_login_trigger").getJsonObject("attributes");
    assertThat(trigger.getString("onclickTrigger")).isEqualTo("oryWebAuthnLogin");
    JsonArray allowed = new JsonObject(trigger.getString("value")).getJsonObject("publicKey")
        .getJsonArray("allowCredentials");
    assertThat(allowed).hasSize(1);
    return step;
  }

  static HttpResponse<String> loginWithKey(Browser b, String email, SoftAuthenticator key, String origin,
      boolean json) throws Exception {
    JsonObject step = keyStep(b, email);
    JsonObject options = new JsonObject(nodeValue(step, "webauthn_login_trigger"));
    String answer = key.get(options, origin);
    return json
        ? b.postForm(action(step), form(step, "identifier", email, "webauthn_login", answer), "Accept",
            "application/json")
        : b.postForm(action(step), form(step, "identifier", email, "webauthn_login", answer));
  }

  /** The admin view of the identity logged in in {@code b}. */
  static JsonObject admin(Browser b, String query) throws Exception {
    String id = new JsonObject(b.getJson(identity.publicUrl() + "/sessions/whoami").body()).getJsonObject("identity")
        .getString("id");
    HttpResponse<String> r = new Browser().getJson(identity.adminUrl() + "/admin/identities/" + id + query);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new JsonObject(r.body());
  }

  /** A fresh session of {@code identityId}, as if it had just logged in. */
  static String issue(UUID identityId) {
    var role = identity.role;
    SessionService sessions = new SessionService(role.pool(), new SessionStore(), new IdentityStore(), new Outbox(),
        Clock.systemUTC(), Duration.ofMinutes(5));
    var i = new IdentityStore().get(role.pool(), identityId).await().orElseThrow();
    return role.pool().withTransaction(tx -> sessions.issue(tx, i, "password", new ClientInfo("127.0.0.1", "test")))
        .await().token();
  }
}

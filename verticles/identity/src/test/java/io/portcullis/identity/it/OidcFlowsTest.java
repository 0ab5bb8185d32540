package io.portcullis.identity.it;

import static io.portcullis.identity.it.Browser.flowId;
import static io.portcullis.identity.it.Browser.nodeValue;
import static io.portcullis.identity.it.Browser.uiMessageIds;
import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.identity.TestIdentity;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import sh.ory.kratos.ApiClient;
import sh.ory.kratos.api.IdentityApi;
import sh.ory.kratos.model.CreateIdentityBody;
import sh.ory.kratos.model.Identity;
import sh.ory.kratos.model.IdentityCredentials;
import sh.ory.kratos.model.IdentityWithCredentials;
import sh.ory.kratos.model.IdentityWithCredentialsOidc;
import sh.ory.kratos.model.IdentityWithCredentialsOidcConfig;
import sh.ory.kratos.model.IdentityWithCredentialsOidcConfigProvider;
import sh.ory.kratos.model.VerifiableIdentityAddress;

/**
 * The oidc method against a real OpenID provider on loopback ({@link FakeOpenIdProvider}), in browsers that follow
 * every redirect by hand: a provisioned identity signs in through the callback (PKCE, state, nonce), every kind of
 * bad ID token and a forged state are refused with Kratos' message, a first sign-in registers with the traits of the
 * Jsonnet mapper, an address already taken leads to account linking, settings link and unlink, and the admin API
 * imports and shows oidc credentials through the official Kratos client.
 */
class OidcFlowsTest {
  /** Only verified addresses become the email trait, as in Kratos' examples; the subject goes to public metadata. */
  static final String MAPPER = """
      local claims = { email_verified: false } + std.extVar('claims');
      {
        identity: {
          traits: {
            [if 'email' in claims && claims.email_verified then 'email' else null]: claims.email,
          },
          metadata_public: { subject: claims.sub },
          verified_addresses: if 'email' in claims && claims.email_verified
            then [{ via: 'email', value: claims.email }] else [],
        },
      }
      """;
  static final String APP = "http://127.0.0.1:65011";
  static FakeOpenIdProvider provider;
  /** As the seed: registration and password off, identities provisioned by an operator. */
  static TestIdentity provisioned;
  /** Registration on: a first sign-in signs up (and logs in with the session hook). */
  static TestIdentity open;
  /** The provider's part of every configuration. */
  static String oidcYaml;

  @BeforeAll
  static void start() throws Exception {
    provider = new FakeOpenIdProvider();
    oidcYaml = """
        secrets:
          cipher: ["a-cipher-secret-of-32-characters"]
        selfservice:
          allowed_return_urls: ["%s/"]
          methods:
            oidc:
              enabled: true
              config:
                providers:
                  - id: fake
                    provider: generic
                    label: Fake
                    client_id: %s
                    client_secret: "%s"
                    issuer_url: %s
                    mapper_url: "base64://%s"
                    scope: [email]
        """.formatted(APP, FakeOpenIdProvider.CLIENT_ID, FakeOpenIdProvider.CLIENT_SECRET, provider.issuer,
        Base64.getEncoder().encodeToString(MAPPER.getBytes(StandardCharsets.UTF_8)));
    provisioned = new TestIdentity(oidcYaml.replace("  methods:\n", "  flows:\n    registration:\n      enabled: false\n"
        + "  methods:\n    password:\n      enabled: false\n"));
    open = new TestIdentity(oidcYaml.replace("  methods:\n", "  flows:\n    registration:\n      after:\n        oidc:\n"
        + "          hooks: [{hook: session}]\n        password:\n          hooks: [{hook: session}]\n  methods:\n"));
  }

  @AfterAll
  static void stop() {
    provisioned.close();
    open.close();
    provider.close();
  }

  @BeforeEach
  void reset() {
    provider.mode = FakeOpenIdProvider.Mode.VALID;
    provider.extraClaims = new JsonObject().put("email", "ada@example.com").put("email_verified", true);
  }

  /** Imports an identity with {@code email} signing in as {@code subject} at the fake provider (Kratos client). */
  static Identity provision(TestIdentity id, String email, String subject) throws Exception {
    return provision(id, email, subject, false);
  }

  /** As above, the address imported as verified when {@code verified}. */
  static Identity provision(TestIdentity id, String email, String subject, boolean verified) throws Exception {
    IdentityApi admin = new IdentityApi(new ApiClient().setBasePath(id.adminUrl()));
    CreateIdentityBody body = new CreateIdentityBody().schemaId("default").traits(Map.of("email", email));
    if (verified) {
      body.addVerifiableAddressesItem(new VerifiableIdentityAddress().via(VerifiableIdentityAddress.ViaEnum.EMAIL)
          .value(email).verified(true).status("completed"));
    }
    return admin.createIdentity(body
        .credentials(new IdentityWithCredentials().oidc(new IdentityWithCredentialsOidc().config(
            new IdentityWithCredentialsOidcConfig().addProvidersItem(new IdentityWithCredentialsOidcConfigProvider()
                .provider("fake").subject(subject))))));
  }

  /** The provider button and the redirect to the provider; returns the authorization URL. */
  static String toProvider(Browser b, TestIdentity id, String kind, Map<String, String> extra) throws Exception {
    JsonObject flow = BrowserFlowsTest.init(b, id, kind, "");
    Map<String, String> form = new LinkedHashMap<>(Map.of("csrf_token", nodeValue(flow, "csrf_token")));
    form.putAll(extra);
    HttpResponse<String> r = b.postForm(BrowserFlowsTest.action(flow), form);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
    String location = r.headers().firstValue("Location").orElseThrow();
    assertThat(location).startsWith(provider.issuer + "/authorize?");
    assertThat(b.cookie("ory_kratos_continuity")).isPresent();
    return location;
  }

  /** The provider signs in and sends the browser back: returns the callback URL. */
  static String atProvider(Browser b, String authorize) throws Exception {
    HttpResponse<String> r = b.get(authorize);
    assertThat(r.statusCode()).isEqualTo(303);
    return r.headers().firstValue("Location").orElseThrow();
  }

  /** Signs in with the provider from a login flow; returns the callback's answer. */
  static HttpResponse<String> signIn(Browser b, TestIdentity id) throws Exception {
    return b.get(atProvider(b, toProvider(b, id, "login", Map.of("provider", "fake"))));
  }

  static JsonObject whoami(Browser b, TestIdentity id) throws Exception {
    HttpResponse<String> r = b.get(id.publicUrl() + "/sessions/whoami");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new JsonObject(r.body());
  }

  /** The flow a 303 to a form names. */
  static JsonObject flowAt(Browser b, TestIdentity id, String kind, HttpResponse<String> r) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
    String location = r.headers().firstValue("Location").orElseThrow();
    assertThat(location).startsWith(id.publicUrl() + "/ui/" + kind + "?flow=");
    return BrowserFlowsTest.fetchFlow(b, id, kind, flowId(location));
  }

  static String firstMessage(JsonObject flow) {
    return flow.getJsonObject("ui").getJsonArray("messages").getJsonObject(0).getString("text");
  }

  @Test
  void aProvisionedIdentitySignsInThroughTheCallbackWithPkceStateAndNonce() throws Exception {
    Identity ada = provision(provisioned, "ada@example.com", "sub-provisioned");
    provider.subject = "sub-provisioned";
    Browser b = new Browser();
    JsonObject flow = BrowserFlowsTest.init(b, provisioned, "login", "");
    JsonObject button = flow.getJsonObject("ui").getJsonArray("nodes").getJsonObject(0);
    assertThat(button.getString("group")).isEqualTo("oidc");
    assertThat(button.getJsonObject("attributes").getString("name")).isEqualTo("provider");
    assertThat(button.getJsonObject("meta").getJsonObject("label")).isEqualTo(new JsonObject().put("id", 1010002)
        .put("text", "Sign in with Fake").put("type", "info")
        .put("context", new JsonObject().put("provider", "Fake").put("provider_id", "fake")));

    String authorize = toProvider(b, provisioned, "login", Map.of("provider", "fake", "method", "oidc"));
    String callback = atProvider(b, authorize);
    Map<String, String> sent = provider.authorizations.get(provider.authorizations.size() - 1);
    assertThat(sent).containsEntry("client_id", FakeOpenIdProvider.CLIENT_ID)
        .containsEntry("response_type", "code").containsEntry("scope", "email openid")
        .containsEntry("code_challenge_method", "S256")
        .containsEntry("redirect_uri", provisioned.publicUrl() + "/self-service/methods/oidc/callback/fake");
    assertThat(sent.get("nonce")).hasSizeGreaterThan(20);
    assertThat(sent.get("state")).matches("[0-9a-f-]{36}\\.[A-Za-z0-9_-]{43}");

    HttpResponse<String> done = b.get(callback);
    assertThat(done.statusCode()).as(done.body()).isEqualTo(303);
    assertThat(done.headers().firstValue("Location")).hasValue(provisioned.publicUrl() + "/ui/welcome");
    // The provider checked the verifier against the challenge (it refuses a wrong one).
    Map<String, String> token = provider.tokenRequests.get(provider.tokenRequests.size() - 1);
    assertThat(FakeOpenIdProvider.s256(token.get("code_verifier"))).isEqualTo(sent.get("code_challenge"));

    JsonObject session = whoami(b, provisioned);
    assertThat(session.getJsonObject("identity").getString("id")).isEqualTo(ada.getId());
    assertThat(session.getString("authenticator_assurance_level")).isEqualTo("aal1");
    JsonObject method = session.getJsonArray("authentication_methods").getJsonObject(0);
    assertThat(method.getString("method")).isEqualTo("oidc");
    assertThat(method.getString("provider")).isEqualTo("fake");

    // The authorization was used up: a replayed callback is refused on a new browser's form.
    Browser replaying = new Browser();
    b.cookieStartingWith("csrf_token_").ifPresent(c -> replaying.plant(c, provisioned.publicUrl()));
    assertThat(firstMessage(flowAt(replaying, provisioned, "login", replaying.get(callback))))
        .isEqualTo(NOT_RESUMABLE);
  }

  /**
   * The seed's login hooks run for a sign-in by provider as for one by password: {@code require_verified_address}
   * refuses an identity without a verified address at the callback (4000010, no session left), and
   * {@code revoke_active_sessions} ends the other sessions of one that signs in.
   */
  @Test
  void theLoginAfterHooksRunForAnOidcSignIn() throws Exception {
    try (TestIdentity seed = new TestIdentity(oidcYaml.replace("  methods:\n", "  flows:\n    registration:\n"
        + "      enabled: false\n    login:\n      after:\n        hooks: [{hook: revoke_active_sessions}, "
        + "{hook: require_verified_address}]\n  methods:\n    password:\n      enabled: false\n"))) {
      Identity unverified = provision(seed, "eve@example.com", "sub-unverified");
      provider.subject = "sub-unverified";
      Browser refusedBrowser = new Browser();
      JsonObject refused = flowAt(refusedBrowser, seed, "login", signIn(refusedBrowser, seed));
      assertThat(uiMessageIds(refused)).containsExactly(4000010L);
      assertThat(firstMessage(refused)).isEqualTo("Account not active yet. Did you forget to verify your email "
          + "address?");
      assertThat(refusedBrowser.cookie("ory_kratos_session")).isEmpty();
      HttpResponse<String> none = new Browser().get(seed.adminUrl() + "/admin/identities/" + unverified.getId()
          + "/sessions");
      assertThat(new JsonArray(none.body())).as("the refused sign-in left no session").isEmpty();

      Identity ada = provision(seed, "ada@example.com", "sub-verified", true);
      provider.subject = "sub-verified";
      Browser first = new Browser();
      assertThat(signIn(first, seed).statusCode()).isEqualTo(303);
      assertThat(whoami(first, seed).getJsonObject("identity").getString("id")).isEqualTo(ada.getId());
      Browser second = new Browser();
      assertThat(signIn(second, seed).statusCode()).isEqualTo(303);
      assertThat(whoami(second, seed).getJsonObject("identity").getString("id")).isEqualTo(ada.getId());
      assertThat(first.get(seed.publicUrl() + "/sessions/whoami").statusCode())
          .as("the second sign-in ended the first session").isEqualTo(401);
    }
  }

  static final String NOT_RESUMABLE = "The browser does not contain the necessary cookie to resume the session. This "
      + "is a security violation and was blocked. Please clear your browser's cookies and cache and try again!";

  @Test
  void theAdminApiImportsOidcCredentialsAndShowsThemWithIncludeCredential() throws Exception {
    Identity grace = provision(provisioned, "grace@example.com", "sub-grace");
    IdentityApi admin = new IdentityApi(new ApiClient().setBasePath(provisioned.adminUrl()));
    IdentityCredentials hidden = admin.getIdentity(grace.getId(), null).getCredentials().get("oidc");
    assertThat(hidden.getIdentifiers()).containsExactly("fake:sub-grace");
    assertThat(hidden.getConfig()).isEqualTo(Map.of());

    IdentityCredentials shown = admin.getIdentity(grace.getId(), List.of("oidc")).getCredentials().get("oidc");
    assertThat(new JsonObject(io.vertx.core.json.Json.encode(shown.getConfig()))).isEqualTo(new JsonObject()
        .put("providers", new JsonArray().add(new JsonObject().put("initial_id_token", "")
            .put("initial_access_token", "").put("initial_refresh_token", "").put("subject", "sub-grace")
            .put("provider", "fake"))));
    HttpResponse<String> bad = new Browser().get(provisioned.adminUrl() + "/admin/identities/" + grace.getId()
        + "?include_credential=secret");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(bad.body()).getJsonObject("error").getString("reason"))
        .isEqualTo("Invalid value `[]` for parameter `include_credential`."); // Kratos prints the types parsed so far
  }

  @Test
  void anUnknownSubjectCannotSignUpWhereRegistrationIsDisabled() throws Exception {
    provider.subject = "sub-stranger";
    Browser b = new Browser();
    JsonObject flow = flowAt(b, provisioned, "login", signIn(b, provisioned));
    assertThat(uiMessageIds(flow)).containsExactly(4000001L);
    assertThat(firstMessage(flow)).isEqualTo("Registration is not allowed because it was disabled.");
    assertThat(b.cookie("ory_kratos_session")).isEmpty();
  }

  @Test
  void badIdTokensAreRefusedWithKratosReasons() throws Exception {
    provision(provisioned, "bad@example.com", "sub-bad");
    provider.subject = "sub-bad";
    Map<FakeOpenIdProvider.Mode, String> reasons = new LinkedHashMap<>();
    reasons.put(FakeOpenIdProvider.Mode.WRONG_NONCE, "The supplied nonce does not match the nonce from the id_token");
    reasons.put(FakeOpenIdProvider.Mode.NO_NONCE, "No nonce was included in the id_token but is required by the "
        + "provider");
    reasons.put(FakeOpenIdProvider.Mode.WRONG_ISSUER, "oidc: id token issued by a different provider, expected \""
        + provider.issuer + "\" got \"http://evil.example\"");
    reasons.put(FakeOpenIdProvider.Mode.WRONG_AUDIENCE, "oidc: expected audience \"portcullis-test\" got "
        + "[\"someone-else\"]");
    reasons.put(FakeOpenIdProvider.Mode.EXPIRED, "oidc: token is expired (Token Expiry: ");
    reasons.put(FakeOpenIdProvider.Mode.BAD_SIGNATURE, "failed to verify signature: failed to verify id token "
        + "signature");
    for (var e : reasons.entrySet()) {
      provider.mode = e.getKey();
      Browser b = new Browser();
      JsonObject flow = flowAt(b, provisioned, "login", signIn(b, provisioned));
      assertThat(uiMessageIds(flow)).as(e.getKey().name()).containsExactly(4000001L);
      assertThat(firstMessage(flow)).as(e.getKey().name()).startsWith(e.getValue());
      assertThat(b.cookie("ory_kratos_session")).as(e.getKey().name()).isEmpty();
    }
  }

  @Test
  void aForgedStateOrAnotherBrowserIsRefused() throws Exception {
    provision(provisioned, "eve@example.com", "sub-eve");
    provider.subject = "sub-eve";
    String mismatch = "Unable to complete OpenID Connect flow because the query state parameter does not match the "
        + "state parameter from the session cookie.";

    Browser b = new Browser();
    String callback = atProvider(b, toProvider(b, provisioned, "login", Map.of("provider", "fake")));
    String forged = callback.replaceAll("(state=[0-9a-f-]{36}\\.)[^&]+", "$1" + "A".repeat(43));
    assertThat(forged).isNotEqualTo(callback);
    JsonObject flow = flowAt(b, provisioned, "login", b.get(forged));
    assertThat(firstMessage(flow)).isEqualTo(mismatch);
    // Used up by the forged attempt: the genuine one is refused too, and no session came of either.
    assertThat(firstMessage(flowAt(b, provisioned, "login", b.get(callback)))).isEqualTo(NOT_RESUMABLE);
    assertThat(b.cookie("ory_kratos_session")).isEmpty();

    // A victim's browser sent to an attacker's callback (without the attacker's continuity cookie).
    Browser attacker = new Browser();
    String planted = atProvider(attacker, toProvider(attacker, provisioned, "login", Map.of("provider", "fake")));
    Browser victim = new Browser();
    attacker.cookieStartingWith("csrf_token_").ifPresent(c -> victim.plant(c, provisioned.publicUrl()));
    HttpResponse<String> r = victim.get(planted);
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(firstMessage(flowAt(victim, provisioned, "login", r))).isEqualTo(NOT_RESUMABLE);
    assertThat(victim.cookie("ory_kratos_session")).isEmpty();

    HttpResponse<String> noState = new Browser().get(provisioned.publicUrl()
        + "/self-service/methods/oidc/callback/fake?code=x", "Accept", "application/json");
    assertThat(noState.statusCode()).isEqualTo(400);
  }

  @Test
  void aFirstSignInRegistersWithTheMappersTraitsAndVerifiedAddress() throws Exception {
    provider.subject = "sub-new";
    provider.extraClaims = new JsonObject().put("email", "New.User@Example.com").put("email_verified", true);
    Browser b = new Browser();
    HttpResponse<String> done = signIn(b, open);
    assertThat(done.statusCode()).as(done.body()).isEqualTo(303);
    assertThat(done.headers().firstValue("Location")).hasValue(open.publicUrl() + "/ui/welcome");

    JsonObject session = whoami(b, open);
    JsonObject identity = session.getJsonObject("identity");
    assertThat(identity.getJsonObject("traits")).isEqualTo(new JsonObject().put("email", "New.User@Example.com"));
    assertThat(identity.getJsonObject("metadata_public")).isEqualTo(new JsonObject().put("subject", "sub-new"));
    assertThat(identity.getJsonArray("verifiable_addresses").getJsonObject(0).getBoolean("verified")).isTrue();
    assertThat(session.getJsonArray("authentication_methods").getJsonObject(0).getString("provider"))
        .isEqualTo("fake");

    IdentityApi admin = new IdentityApi(new ApiClient().setBasePath(open.adminUrl()));
    IdentityCredentials oidc = admin.getIdentity(identity.getString("id"), List.of("oidc")).getCredentials()
        .get("oidc");
    assertThat(oidc.getIdentifiers()).containsExactly("fake:sub-new");
    JsonObject entry = new JsonObject(io.vertx.core.json.Json.encode(oidc.getConfig())).getJsonArray("providers")
        .getJsonObject(0);
    assertThat(entry.getString("initial_access_token")).startsWith("at-");
    assertThat(entry.getString("initial_refresh_token")).isEqualTo("rt-1");
    assertThat(entry.getString("initial_id_token")).startsWith("eyJ");

    // Signing in again logs in the same identity.
    Browser again = new Browser();
    assertThat(signIn(again, open).statusCode()).isEqualTo(303);
    assertThat(whoami(again, open).getJsonObject("identity").getString("id")).isEqualTo(identity.getString("id"));
  }

  @Test
  void anUnverifiedAddressLeavesTheSchemaUnsatisfiedAndTheFormAsksToContinue() throws Exception {
    provider.subject = "sub-unverified";
    provider.extraClaims = new JsonObject().put("email", "mallory@example.com").put("email_verified", false);
    Browser b = new Browser();
    JsonObject flow = flowAt(b, open, "registration", signIn(b, open));
    JsonArray nodes = flow.getJsonObject("ui").getJsonArray("nodes");
    JsonObject proceed = nodes.stream().map(JsonObject.class::cast)
        .filter(n -> "provider".equals(n.getJsonObject("attributes").getString("name"))).findFirst().orElseThrow();
    assertThat(proceed.getJsonObject("meta").getJsonObject("label").getLong("id")).isEqualTo(1040003L);
    assertThat(Browser.nodeMessageIds(flow, "traits.email")).containsExactly(4000002L);
    assertThat(b.cookie("ory_kratos_session")).isEmpty();
  }

  @Test
  void anAddressTakenByAPasswordAccountLeadsToAccountLinking() throws Exception {
    Browser owner = new Browser();
    BrowserFlowsTest.register(owner, open, "linda@example.com");
    provider.subject = "sub-linda";
    provider.extraClaims = new JsonObject().put("email", "linda@example.com").put("email_verified", true);
    Browser b = new Browser();
    JsonObject flow = flowAt(b, open, "login", signIn(b, open));
    assertThat(uiMessageIds(flow)).containsExactly(1010016L);
    assertThat(firstMessage(flow)).isEqualTo("You tried to sign in with \"linda@example.com\", but that email is "
        + "already used by another account. Sign in to your account with one of the options below to add your "
        + "account \"linda@example.com\" at \"Fake\" as another way to sign in.");
    assertThat(nodeValue(flow, "identifier")).isEqualTo("linda@example.com");
    assertThat(b.cookie("ory_kratos_session")).isEmpty();

    // Signing in to the existing account links the provider to it.
    HttpResponse<String> login = b.postForm(BrowserFlowsTest.action(flow), BrowserFlowsTest.form(flow,
        "method", "password", "identifier", "linda@example.com", "password", BrowserFlowsTest.PASSWORD));
    assertThat(login.statusCode()).as(login.body()).isEqualTo(303);
    JsonObject session = whoami(b, open);
    assertThat(session.getJsonArray("authentication_methods").stream().map(m -> ((JsonObject) m)
        .getString("method"))).containsExactly("password", "oidc");
    Browser later = new Browser();
    assertThat(signIn(later, open).statusCode()).isEqualTo(303);
    assertThat(whoami(later, open).getJsonObject("identity").getString("id"))
        .isEqualTo(session.getJsonObject("identity").getString("id"));
  }

  @Test
  void settingsLinkAndUnlinkAndTheLastCredentialStays() throws Exception {
    Browser b = new Browser();
    BrowserFlowsTest.register(b, open, "sam@example.com");
    JsonObject flow = BrowserFlowsTest.init(b, open, "settings", "");
    JsonObject link = Browser.node(flow, "link");
    assertThat(link.getJsonObject("meta").getJsonObject("label")).isEqualTo(new JsonObject().put("id", 1050002)
        .put("text", "Link Fake").put("type", "info").put("context", new JsonObject().put("provider", "Fake")));

    provider.subject = "sub-sam";
    HttpResponse<String> r = b.postForm(BrowserFlowsTest.action(flow), BrowserFlowsTest.form(flow, "method", "oidc",
        "link", "fake"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
    JsonObject linked = flowAt(b, open, "settings", b.get(atProvider(b, r.headers().firstValue("Location")
        .orElseThrow())));
    assertThat(linked.getString("state")).isEqualTo("success");
    assertThat(Browser.node(linked, "unlink").getJsonObject("attributes").getString("value")).isEqualTo("fake");
    assertThat(whoami(b, open).getJsonArray("authentication_methods").stream().map(m -> ((JsonObject) m)
        .getString("method"))).containsExactly("password", "oidc");
    Browser viaProvider = new Browser();
    assertThat(signIn(viaProvider, open).statusCode()).isEqualTo(303);
    assertThat(whoami(viaProvider, open).getJsonObject("identity").getJsonObject("traits").getString("email"))
        .isEqualTo("sam@example.com");

    JsonObject again = BrowserFlowsTest.init(b, open, "settings", "");
    HttpResponse<String> unlink = b.postForm(BrowserFlowsTest.action(again), BrowserFlowsTest.form(again,
        "method", "oidc", "unlink", "fake"));
    JsonObject unlinked = flowAt(b, open, "settings", unlink);
    assertThat(unlinked.getString("state")).isEqualTo("success");
    assertThat(Browser.node(unlinked, "link").getJsonObject("attributes").getString("value")).isEqualTo("fake");

    // An identity whose only way in is the provider cannot unlink it.
    provider.subject = "sub-only";
    provider.extraClaims = new JsonObject().put("email", "only@example.com").put("email_verified", true);
    Browser only = new Browser();
    assertThat(signIn(only, open).statusCode()).isEqualTo(303);
    JsonObject settings = BrowserFlowsTest.init(only, open, "settings", "");
    assertThat(settings.getJsonObject("ui").getJsonArray("nodes").stream().map(n -> ((JsonObject) n)
        .getJsonObject("attributes").getString("name"))).doesNotContain("unlink");
    JsonObject refused = flowAt(only, open, "settings", only.postForm(BrowserFlowsTest.action(settings),
        BrowserFlowsTest.form(settings, "method", "oidc", "unlink", "fake")));
    assertThat(uiMessageIds(refused)).containsExactly(4000001L);
    assertThat(firstMessage(refused)).isEqualTo("can not unlink OpenID Connect connection because it is the last "
        + "remaining first factor credential");
  }

  @Test
  void aJsonClientIsToldWhereToSendTheBrowser() throws Exception {
    Browser b = new Browser();
    JsonObject flow = BrowserFlowsTest.init(b, provisioned, "login", "");
    HttpResponse<String> r = b.postJson(BrowserFlowsTest.action(flow), new JsonObject()
        .put("csrf_token", nodeValue(flow, "csrf_token")).put("method", "oidc").put("provider", "fake"),
        "Accept", "application/json");
    assertThat(r.statusCode()).isEqualTo(422);
    JsonObject body = new JsonObject(r.body());
    assertThat(body.getJsonObject("error").getString("id")).isEqualTo("browser_location_change_required");
    assertThat(URI.create(body.getString("redirect_browser_to")).getPath()).isEqualTo("/authorize");
  }
}

package io.portcullis.identity.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.portcullis.identity.TestIdentity;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import sh.ory.kratos.ApiClient;
import sh.ory.kratos.ApiException;
import sh.ory.kratos.api.FrontendApi;
import sh.ory.kratos.api.IdentityApi;
import sh.ory.kratos.model.CreateIdentityBody;
import sh.ory.kratos.model.Identity;
import sh.ory.kratos.model.IdentityWithCredentials;
import sh.ory.kratos.model.IdentityWithCredentialsPassword;
import sh.ory.kratos.model.IdentityWithCredentialsPasswordConfig;
import sh.ory.kratos.model.JsonPatch;
import sh.ory.kratos.model.PerformNativeLogoutBody;
import sh.ory.kratos.model.Session;
import sh.ory.kratos.model.UpdateIdentityBody;
import sh.ory.kratos.model.UpdateLoginFlowBody;
import sh.ory.kratos.model.UpdateLoginFlowWithPasswordMethod;
import sh.ory.kratos.model.UpdateRegistrationFlowBody;
import sh.ory.kratos.model.UpdateRegistrationFlowWithPasswordMethod;

/**
 * The official Kratos client (which validates every response against the v25.4.0 spec) against a running identity
 * role: API flows, whoami, logout, the admin identity API (create, import of argon2id and bcrypt hashes, paging,
 * filters, patch, update, delete) and the session APIs of admin and holder.
 */
class KratosClientCompatibilityTest {
  static final String PASSWORD = "correct horse battery 9";
  static TestIdentity identity;
  static FrontendApi frontend;
  static IdentityApi admin;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    identity = new TestIdentity("""
        selfservice:
          flows:
            registration:
              after:
                password:
                  hooks: [{hook: session}]
        """);
    frontend = new FrontendApi(new ApiClient().setBasePath(identity.publicUrl()));
    admin = new IdentityApi(new ApiClient().setBasePath(identity.adminUrl()));
  }

  @AfterAll
  static void stop() {
    identity.close();
  }

  static String register(String email, String password) throws ApiException {
    var flow = frontend.createNativeRegistrationFlow(null, null, null, null);
    var reg = frontend.updateRegistrationFlow(flow.getId(), new UpdateRegistrationFlowBody(
        new UpdateRegistrationFlowWithPasswordMethod().method("password").password(password)
            .traits(Map.of("email", email))), null);
    assertThat(reg.getIdentity().getTraits()).isEqualTo(Map.of("email", email));
    return reg.getSessionToken();
  }

  static sh.ory.kratos.model.SuccessfulNativeLogin login(String identifier, String password) throws ApiException {
    var flow = frontend.createNativeLoginFlow(null, null, null, null, null, null, null, null);
    return frontend.updateLoginFlow(flow.getId(), new UpdateLoginFlowBody(new UpdateLoginFlowWithPasswordMethod()
        .method("password").identifier(identifier).password(password)), null, null);
  }

  static void assertWhoamiUnauthorized(String token) {
    ApiException e = catchThrowableOfType(() -> frontend.toSession(token, null, null), ApiException.class);
    assertThat(e).as("whoami must answer 401").isNotNull();
    assertThat(e.getCode()).isEqualTo(401);
  }

  static CreateIdentityBody withPassword(String email, IdentityWithCredentialsPasswordConfig config) {
    return new CreateIdentityBody().schemaId("default").traits(Map.of("email", email))
        .credentials(new IdentityWithCredentials().password(new IdentityWithCredentialsPassword().config(config)));
  }

  @Test
  void apiFlowRegistrationLoginWhoamiLogout() throws Exception {
    String first = register("api-flow@example.com", PASSWORD);
    assertThat(first).startsWith("ory_st_");
    var done = login("api-flow@example.com", PASSWORD);
    String token = done.getSessionToken();
    Session me = frontend.toSession(token, null, null);
    assertThat(me.getActive()).isTrue();
    assertThat(me.getIdentity().getTraits()).isEqualTo(Map.of("email", "api-flow@example.com"));

    HttpResponse<String> raw = HTTP.send(HttpRequest.newBuilder(URI.create(identity.publicUrl() + "/sessions/whoami"))
        .header("X-Session-Token", token).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(raw.statusCode()).isEqualTo(200);
    assertThat(raw.headers().firstValue("X-Kratos-Authenticated-Identity-Id")).hasValue(me.getIdentity().getId());

    frontend.performNativeLogout(new PerformNativeLogoutBody().sessionToken(token));
    assertWhoamiUnauthorized(token);
    // The registration session is another session and still valid.
    assertThat(frontend.toSession(first, null, null).getIdentity().getId()).isEqualTo(me.getIdentity().getId());
  }

  @Test
  void adminCreateWithCleartextPasswordCanLogIn() throws Exception {
    Identity created = admin.createIdentity(withPassword("clear@example.com",
        new IdentityWithCredentialsPasswordConfig().password(PASSWORD)));
    assertThat(created.getState()).isEqualTo(Identity.StateEnum.ACTIVE);
    var done = login("clear@example.com", PASSWORD);
    assertThat(done.getSession().getIdentity().getId()).isEqualTo(created.getId());
  }

  @Test
  void adminImportsArgon2idHash() throws Exception {
    String password = "imported argon2 secret 1";
    Identity created = admin.createIdentity(withPassword("argon@example.com",
        new IdentityWithCredentialsPasswordConfig().hashedPassword(argon2id(password))));
    assertThat(login("argon@example.com", password).getSession().getIdentity().getId()).isEqualTo(created.getId());
    assertThat(catchThrowableOfType(() -> login("argon@example.com", "not the password"), ApiException.class)
        .getCode()).isEqualTo(400);
  }

  @Test
  void adminImportsBcrypt2aHash() throws Exception {
    String password = "imported bcrypt secret 2";
    byte[] salt = new byte[16];
    new SecureRandom().nextBytes(salt);
    String hash = OpenBSDBCrypt.generate("2a", password.toCharArray(), salt, 4);
    assertThat(hash).startsWith("$2a$04$");
    Identity created = admin.createIdentity(withPassword("bcrypt@example.com",
        new IdentityWithCredentialsPasswordConfig().hashedPassword(hash)));
    assertThat(login("bcrypt@example.com", password).getSession().getIdentity().getId()).isEqualTo(created.getId());
  }

  @Test
  void getListPagingAndIdentifierFilter() throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(admin.createIdentity(new CreateIdentityBody().schemaId("default")
          .traits(Map.of("email", "page" + i + "@example.com"))).getId());
    }
    Identity one = admin.getIdentity(ids.get(2), null);
    assertThat(one.getTraits()).isEqualTo(Map.of("email", "page2@example.com"));

    List<String> seen = new ArrayList<>();
    String pageToken = null;
    int pages = 0;
    do {
      var page = admin.listIdentitiesWithHttpInfo(null, null, 2L, pageToken, null, null, null, null, null, null);
      assertThat(page.getStatusCode()).isEqualTo(200);
      assertThat(page.getData().size()).isLessThanOrEqualTo(2);
      page.getData().forEach(i -> seen.add(i.getId()));
      pageToken = nextPageToken(page.getHeaders());
      pages++;
      assertThat(pages).isLessThan(100);
    } while (pageToken != null);
    assertThat(seen).doesNotHaveDuplicates().containsAll(ids);
    assertThat(pages).isGreaterThanOrEqualTo(3);

    var filtered = admin.listIdentities(null, null, null, null, null, null, "page3@example.com", null, null, null);
    assertThat(filtered).extracting(Identity::getId).containsExactly(ids.get(3));
    assertThat(admin.listIdentities(null, null, null, null, null, null, "nobody@example.com", null, null, null))
        .isEmpty();
  }

  /** The {@code page_token} of the {@code rel="next"} link, or null on the last page. */
  static String nextPageToken(Map<String, List<String>> headers) {
    List<String> link = headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("link"))
        .map(Map.Entry::getValue).findFirst().orElse(List.of());
    for (String header : link) {
      for (String part : header.split(",")) {
        if (part.contains("rel=\"next\"")) {
          Matcher m = Pattern.compile("[?&]page_token=([^&>]+)").matcher(part);
          assertThat(m.find()).as("next link has a page_token: %s", part).isTrue();
          return java.net.URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
        }
      }
    }
    return null;
  }

  @Test
  void patchUpdateDelete() throws Exception {
    Identity created = admin.createIdentity(withPassword("patch@example.com",
        new IdentityWithCredentialsPasswordConfig().password(PASSWORD)));
    Identity patched = admin.patchIdentity(created.getId(), List.of(
        new JsonPatch().op("replace").path("/traits/email").value("patched@example.com")));
    assertThat(patched.getTraits()).isEqualTo(Map.of("email", "patched@example.com"));
    // The password identifier follows the trait.
    assertThat(login("patched@example.com", PASSWORD).getSession().getIdentity().getId()).isEqualTo(created.getId());

    Identity inactive = admin.patchIdentity(created.getId(), List.of(
        new JsonPatch().op("replace").path("/state").value("inactive")));
    assertThat(inactive.getState()).isEqualTo(Identity.StateEnum.INACTIVE);
    assertThat(catchThrowableOfType(() -> login("patched@example.com", PASSWORD), ApiException.class).getCode())
        .isEqualTo(400);

    Identity updated = admin.updateIdentity(created.getId(), new UpdateIdentityBody().schemaId("default")
        .traits(Map.of("email", "updated@example.com")).state(UpdateIdentityBody.StateEnum.ACTIVE)
        .metadataPublic(Map.of("plan", "gold")));
    assertThat(updated.getTraits()).isEqualTo(Map.of("email", "updated@example.com"));
    assertThat(updated.getState()).isEqualTo(Identity.StateEnum.ACTIVE);
    assertThat(updated.getMetadataPublic()).isEqualTo(Map.of("plan", "gold"));
    assertThat(admin.getIdentity(created.getId(), null).getTraits()).isEqualTo(Map.of("email", "updated@example.com"));
    assertThat(login("updated@example.com", PASSWORD).getSession().getIdentity().getId()).isEqualTo(created.getId());

    admin.deleteIdentity(created.getId());
    assertThat(catchThrowableOfType(() -> admin.getIdentity(created.getId(), null), ApiException.class).getCode())
        .isEqualTo(404);
  }

  @Test
  void duplicateCreateIsConflict() throws Exception {
    admin.createIdentity(new CreateIdentityBody().schemaId("default").traits(Map.of("email", "dup@example.com")));
    ApiException e = catchThrowableOfType(() -> admin.createIdentity(new CreateIdentityBody().schemaId("default")
        .traits(Map.of("email", "dup@example.com"))), ApiException.class);
    assertThat(e).isNotNull();
    assertThat(e.getCode()).isEqualTo(409);
  }

  @Test
  void adminSessionsRevokeOneRevokeAllExtend() throws Exception {
    Identity created = admin.createIdentity(withPassword("sessions@example.com",
        new IdentityWithCredentialsPasswordConfig().password(PASSWORD)));
    String a = login("sessions@example.com", PASSWORD).getSessionToken();
    var second = login("sessions@example.com", PASSWORD);
    String b = second.getSessionToken();

    List<Session> listed = admin.listIdentitySessions(created.getId(), null, null, null, null, null);
    assertThat(listed).hasSize(2).allMatch(Session::getActive);
    String sessionA = frontend.toSession(a, null, null).getId();

    Session before = frontend.toSession(b, null, null);
    Thread.sleep(20);
    Session extended = admin.extendSession(before.getId());
    assertThat(extended.getExpiresAt()).isAfter(before.getExpiresAt());

    admin.disableSession(sessionA);
    assertWhoamiUnauthorized(a);
    assertThat(frontend.toSession(b, null, null).getId()).isEqualTo(second.getSession().getId());
    assertThat(admin.listIdentitySessions(created.getId(), null, null, null, null, true))
        .extracting(Session::getId).containsExactly(second.getSession().getId());

    String c = login("sessions@example.com", PASSWORD).getSessionToken();
    admin.deleteIdentitySessions(created.getId());
    assertWhoamiUnauthorized(b);
    assertWhoamiUnauthorized(c);
    assertThat(admin.listIdentitySessions(created.getId(), null, null, null, null, true)).isEmpty();
  }

  @Test
  void holderListsAndRevokesOwnOtherSessions() throws Exception {
    admin.createIdentity(withPassword("holder@example.com",
        new IdentityWithCredentialsPasswordConfig().password(PASSWORD)));
    var one = login("holder@example.com", PASSWORD);
    var two = login("holder@example.com", PASSWORD);
    var three = login("holder@example.com", PASSWORD);

    List<Session> others = frontend.listMySessions(null, null, null, null, one.getSessionToken(), null);
    assertThat(others).extracting(Session::getId)
        .containsExactlyInAnyOrder(two.getSession().getId(), three.getSession().getId());

    var count = frontend.disableMyOtherSessions(one.getSessionToken(), null);
    assertThat(count.getCount()).isEqualTo(2L);
    assertWhoamiUnauthorized(two.getSessionToken());
    assertWhoamiUnauthorized(three.getSessionToken());
    assertThat(frontend.toSession(one.getSessionToken(), null, null).getId()).isEqualTo(one.getSession().getId());
    assertThat(frontend.listMySessions(null, null, null, null, one.getSessionToken(), null)).isEmpty();
  }

  static String argon2id(String password) {
    byte[] salt = new byte[16];
    new SecureRandom().nextBytes(salt);
    Argon2Parameters p = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
        .withVersion(Argon2Parameters.ARGON2_VERSION_13).withIterations(2).withMemoryAsKB(1024).withParallelism(1)
        .withSalt(salt).build();
    Argon2BytesGenerator g = new Argon2BytesGenerator();
    g.init(p);
    byte[] out = new byte[32];
    g.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
    Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
    return "$argon2id$v=19$m=1024,t=2,p=1$" + b64.encodeToString(salt) + "$" + b64.encodeToString(out);
  }
}

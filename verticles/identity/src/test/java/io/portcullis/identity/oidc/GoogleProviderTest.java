package io.portcullis.identity.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portcullis.config.OidcConfig;
import io.portcullis.identity.it.FakeOpenIdProvider;
import io.portcullis.identitysessions.kratos.KratosError;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code google} provider at a loopback OpenID provider ({@code issuer_url} set, which Portcullis honours and
 * Kratos ignores): Google's own parameters ({@code offline_access} becomes {@code access_type=offline}), PKCE and the
 * nonce, and the ID token checked as for Google.
 */
class GoogleProviderTest {
  static final Vertx VERTX = Vertx.vertx();
  static final String CALLBACK = "http://127.0.0.1:1/self-service/methods/oidc/callback/google";
  /** RFC 7636 appendix B: this verifier and its S256 challenge. */
  static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
  static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
  static FakeOpenIdProvider fake;

  @BeforeAll
  static void start() throws Exception {
    fake = new FakeOpenIdProvider();
  }

  @AfterAll
  static void stop() {
    fake.close();
    VERTX.close().await();
  }

  @BeforeEach
  void reset() {
    fake.mode = FakeOpenIdProvider.Mode.VALID;
  }

  static OidcProvider provider(String type) {
    OidcConfig config = new OidcConfig(null, List.of(new OidcConfig.Provider("google", type, "Google",
        FakeOpenIdProvider.CLIENT_ID, FakeOpenIdProvider.CLIENT_SECRET, fake.issuer, null, null, null, null, null,
        null, null, List.of("email", "offline_access"), "base64://e30=", null, null, null, null, null, null, null)));
    return new Providers(VERTX, config, Clock.systemUTC(), Providers.Endpoints.DEFAULT).get("google");
  }

  static OidcProvider.Authorization authorization() {
    return new OidcProvider.Authorization("st", CALLBACK, CHALLENGE, "n-1", false, Map.of());
  }

  /** The fake provider signs in and answers with the code it sends back to the callback. */
  static String codeFrom(String authorizationUrl) throws Exception {
    HttpResponse<Void> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build().send(
        HttpRequest.newBuilder(URI.create(authorizationUrl)).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.discarding());
    String location = r.headers().firstValue("Location").orElseThrow();
    assertThat(location).startsWith(CALLBACK + "?code=");
    return URLDecoder.decode(location.replaceAll(".*[?&]code=([^&]+).*", "$1"), StandardCharsets.UTF_8);
  }

  @Test
  void googleAtTheIssuerUrlAsksForOfflineAccessAsGoogleWantsIt() throws Exception {
    OidcProvider google = provider("google");
    assertThat(google.usesPkce().await()).isTrue();
    String url = google.authorizationUrl(authorization()).await();
    assertThat(url).startsWith(fake.issuer + "/authorize?").contains("access_type=offline").contains("nonce=n-1")
        .contains("code_challenge=").doesNotContain("offline_access");
    // The generic provider with the same keys passes the scope on as it is.
    assertThat(provider("generic").authorizationUrl(authorization()).await()).contains("offline_access")
        .doesNotContain("access_type");

    Tokens tokens = google.exchange(codeFrom(url), VERIFIER, CALLBACK).await();
    Claims claims = google.claims(tokens, "n-1").await();
    assertThat(claims.subject()).isEqualTo(fake.subject);
    assertThat(claims.issuer()).isEqualTo(fake.issuer);
  }

  @Test
  void aWrongNonceOrAReplayedCodeIsRefused() throws Exception {
    OidcProvider google = provider("google");
    String url = google.authorizationUrl(authorization()).await();
    String code = codeFrom(url);
    fake.mode = FakeOpenIdProvider.Mode.WRONG_NONCE;
    Tokens tokens = google.exchange(code, VERIFIER, CALLBACK).await();
    assertThatThrownBy(() -> google.claims(tokens, "n-1").await()).satisfies(e -> assertThat(reason(e))
        .isEqualTo("The supplied nonce does not match the nonce from the id_token"));
    assertThatThrownBy(() -> google.exchange(code, VERIFIER, CALLBACK)
        .await()).satisfies(e -> assertThat(reason(e)).isEqualTo("oauth2: \"invalid_grant\" \"unknown code\""));
  }

  static String reason(Throwable t) {
    assertThat(t).isInstanceOf(KratosError.class);
    return ((KratosError) t).toJson().getJsonObject("error").getString("reason");
  }
}

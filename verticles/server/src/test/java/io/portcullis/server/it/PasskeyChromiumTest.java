package io.portcullis.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.portcullis.config.ConfigLoader;
import io.portcullis.identity.IdentityRole;
import io.portcullis.identity.TestPostgres;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;

/**
 * A passkey end to end in headless Chromium with its virtual authenticator (CDP WebAuthn through chromedriver), on the
 * built-in pages and the served {@code webauthn.js}: added in settings with the "Add passkey" button, then used by
 * the login page's passkey autofill request. The relying party is {@code localhost}, a secure context over http.
 */
class PasskeyChromiumTest {
  static final int PUBLIC = FreePorts.next();
  static final int ADMIN = FreePorts.next();
  static final String BASE = "http://localhost:" + PUBLIC;
  static final String PASSWORD = "correct horse battery 9";
  static final Vertx VERTX = Vertx.vertx();
  static IdentityRole role;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(Browser.available(), "chromium and chromium-driver are not installed");
    String rp = "{id: localhost, display_name: Example Corp, origins: [\"" + BASE + "\"]}";
    String yaml = """
        portcullis:
          identity:
            enabled: true
            dsn: %s
            serve:
              public: {port: %d, host: 127.0.0.1, base_url: "%s/"}
              admin: {port: %d, host: 127.0.0.1}
            hashers: {argon2: {memory: 1MB, iterations: 1}}
            selfservice:
              methods:
                passkey: {enabled: true, config: {rp: %s}}
        """.formatted(TestPostgres.newDatabase(), PUBLIC, BASE, ADMIN, rp);
    var config = ConfigLoader.bind(new ObjectMapper(new YAMLFactory()).readTree(yaml)).portcullis().identity();
    role = IdentityRole.start(VERTX, config, 1).await();
    Sessions.createIdentity(ADMIN, "ada@example.com", PASSWORD);
  }

  @AfterAll
  static void stop() {
    if (role != null) {
      role.close().await();
    }
    VERTX.close().await();
  }

  @Test
  void aPasskeyAddedInSettingsSignsIn() throws Exception {
    org.openqa.selenium.virtualauthenticator.Credential passkey;
    try (Browser b = new Browser("en")) {
      VirtualAuthenticator authenticator = b.driver.addVirtualAuthenticator(platformAuthenticator());
      b.open(BASE + "/self-service/login/browser");
      b.awaitUrl("/ui/login?flow=");
      b.type("section[data-group=password] input[name=identifier]", "ada@example.com");
      b.type("section[data-group=password] input[name=password]", PASSWORD);
      b.find("button[name=method][value=password]").click();
      b.awaitUrl("/ui/welcome");

      b.open(BASE + "/self-service/settings/browser");
      b.awaitUrl("/ui/settings?flow=");
      b.find("script[src='" + BASE + "/.well-known/ory/webauthn.js']");
      b.screenshot("settings-passkey");
      b.find("button[name=passkey_register_trigger][data-ory-trigger=oryPasskeySettingsRegistration]").click();
      b.until("no passkey registered",
          () -> authenticator.getCredentials().size() == 1 && b.findAll("button[name=passkey_remove]") == 1);
      passkey = authenticator.getCredentials().get(0);
      assertThat(passkey.isResidentCredential()).isTrue();
    }
    // Another browser (no session) on the same device: the passkey moves with the authenticator.
    try (Browser b = new Browser("en")) {
      VirtualAuthenticator authenticator = b.driver.addVirtualAuthenticator(platformAuthenticator());
      authenticator.addCredential(passkey);
      // The login page's passkey_login node starts a conditional request on load (oryPasskeyLoginAutocompleteInit);
      // the virtual authenticator answers it, so the page signs in without a click.
      b.open(BASE + "/self-service/login/browser");
      b.awaitUrl("/ui/welcome");
      assertThat(b.find("[data-trait='email']").getText()).isEqualTo("ada@example.com");
      assertThat(authenticator.getCredentials().get(0).getSignCount()).isPositive();
    }
  }

  static VirtualAuthenticatorOptions platformAuthenticator() {
    return new VirtualAuthenticatorOptions().setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
        .setTransport(VirtualAuthenticatorOptions.Transport.INTERNAL).setHasResidentKey(true)
        .setHasUserVerification(true).setIsUserVerified(true).setIsUserConsenting(true);
  }
}

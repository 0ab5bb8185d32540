package io.portcullis.identity.pages;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.identity.mfa.LookupCodes;
import io.portcullis.identity.mfa.Totp;
import io.portcullis.identity.mfa.TotpQr;
import io.portcullis.identity.ui.NodeGroup;
import io.portcullis.identity.ui.SecondFactorNodes;
import io.portcullis.identity.ui.UiContainer;
import io.portcullis.identity.ui.UiNode;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The TOTP set-up (QR image, secret, code input) and the recovery codes as the pages render them. */
class SecondFactorPagesTest {
  static final Translations T = Translations.load("");

  @Test
  void totpSetUpShowsTheQrImageTheSecretAndTheCodeInput() {
    Totp.Key key = Totp.newKey("Example", "ada@example.com");
    UiContainer ui = new UiContainer("http://127.0.0.1/self-service/settings?flow=x", "POST");
    ui.appendNode(SecondFactorNodes.totpSecret(key.secret()));
    ui.appendNode(SecondFactorNodes.totpQr(TotpQr.dataUrl(key.url())));
    ui.appendNode(SecondFactorNodes.totpVerify());
    String html = FlowForms.render(ui.toJson(), T.of("en"), g -> g);
    assertThat(html).contains("<img id=\"f-totp_qr\" src=\"data:image/png;base64,")
        .contains("width=\"256\" height=\"256\" alt=\"Authenticator app QR code\"")
        .contains("<code>" + key.secret() + "</code>")
        .contains("<label for=\"f-totp_code\">Verify code</label>");
    assertThat(FlowForms.render(ui.toJson(), T.of("de"), g -> g))
        .contains("alt=\"QR-Code für die Authenticator-App\"");
  }

  @Test
  void anImageThatIsNotAPngDataUrlIsNotShown() {
    UiContainer ui = new UiContainer("http://127.0.0.1/x", "POST");
    ui.appendNode(UiNode.image("totp_qr", "https://evil.example/x.png\" onerror=\"alert(1)", 256, 256,
        NodeGroup.TOTP));
    assertThat(FlowForms.render(ui.toJson(), T.of("en"), null)).doesNotContain("<img").doesNotContain("evil");
  }

  @Test
  void recoveryCodesAreListedUsedOnesAsUsed() {
    var codes = LookupCodes.generate();
    LookupCodes.use(new JsonObject().put("recovery_codes", codes), codes.getJsonObject(0).getString("code"),
        java.time.Instant.parse("2026-01-02T03:04:05Z"));
    UiContainer ui = new UiContainer("http://127.0.0.1/x", "POST");
    ui.appendNode(SecondFactorNodes.lookupCodes(codes));
    ui.appendNode(SecondFactorNodes.lookupConfirm());
    String html = FlowForms.render(ui.toJson(), T.of("en"), null);
    assertThat(html).contains("<ul id=\"f-lookup_secret_codes\" class=\"codes\">")
        .contains("<li><code>Secret was used at 2026-01-02 03:04:05 +0000 UTC</code></li>")
        .contains("<li><code>" + codes.getJsonObject(1).getString("code") + "</code></li>")
        .contains("Confirm backup recovery codes");
  }
}

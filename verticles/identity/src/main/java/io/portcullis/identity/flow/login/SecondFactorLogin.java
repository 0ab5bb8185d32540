package io.portcullis.identity.flow.login;

import io.portcullis.identity.flow.Flow;
import io.portcullis.identity.flow.SelfService;
import io.portcullis.identity.manage.IdentityService;
import io.portcullis.identity.mfa.LookupCodes;
import io.portcullis.identity.mfa.Totp;
import io.portcullis.identity.ui.CommonNodes;
import io.portcullis.identity.ui.SecondFactorNodes;
import io.portcullis.identity.ui.UiContainer;
import io.portcullis.identity.ui.UiText;
import io.portcullis.identitysessions.aal.Aal;
import io.portcullis.identitysessions.model.Credential;
import io.portcullis.identitysessions.model.Identity;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/**
 * The second step of a login ({@code ?aal=aal2}): the {@code totp} and {@code lookup_secret} methods, as Kratos'
 * strategies offer and check them for the identity of the session being upgraded. As Kratos, a TOTP code may be
 * used again within its window (pquerna/otp keeps no record of used codes); a recovery code only once.
 */
final class SecondFactorLogin {
  private final SelfService settings;
  private final IdentityService identities;

  SecondFactorLogin(SelfService settings, IdentityService identities) {
    this.settings = settings;
    this.identities = identities;
  }

  /** True when {@code method} is a second-factor method this login can take. */
  static boolean handles(String method) {
    return Aal.TOTP.equals(method) || Aal.LOOKUP_SECRET.equals(method);
  }

  /** The aal2 form of {@code f} for {@code identity}: CSRF, then each enabled method the identity has set up. */
  UiContainer form(Flow f, Identity identity) {
    UiContainer ui = new UiContainer(settings.formAction(LoginHandler.KIND, f.id()), "POST");
    ui.appendNode(CommonNodes.csrf(f.csrfToken()));
    if (settings.methodEnabled(Aal.TOTP) && identity.credential(Aal.TOTP) != null) {
      ui.appendNode(SecondFactorNodes.loginTotpCode());
      ui.appendNode(SecondFactorNodes.loginTotpSubmit());
    }
    if (settings.methodEnabled(Aal.LOOKUP_SECRET) && identity.credential(Aal.LOOKUP_SECRET) != null) {
      ui.appendNode(SecondFactorNodes.loginLookupCode());
      ui.appendNode(SecondFactorNodes.loginLookupSubmit());
    }
    return ui;
  }

  /**
   * Checks the submitted second factor of {@code identity}: empty when it holds, else the message to show (on the
   * form, as Kratos' validation errors). A recovery code that holds is spent here.
   */
  Future<Optional<UiText>> verify(String method, JsonObject in, Identity identity) {
    Credential c = identity.credential(method);
    if (Aal.TOTP.equals(method)) {
      if (c == null) {
        return error(SecondFactorNodes.noTotpDevice());
      }
      String secret;
      try {
        secret = Totp.Key.fromUrl(c.config().getString("totp_url", "")).secret();
      } catch (IllegalArgumentException e) {
        return error(SecondFactorNodes.noTotpDevice());
      }
      boolean ok = Totp.validate(in.getString(SecondFactorNodes.TOTP_CODE, ""), secret,
          Flow.now().getEpochSecond());
      return ok ? Future.succeededFuture(Optional.empty()) : error(SecondFactorNodes.totpWrong());
    }
    if (c == null) {
      return error(SecondFactorNodes.noLookup());
    }
    JsonObject before = c.config();
    JsonObject after = before.copy();
    return switch (LookupCodes.use(after, in.getString(SecondFactorNodes.LOOKUP_CODE, ""), Flow.now())) {
      case ALREADY_USED -> error(SecondFactorNodes.lookupAlreadyUsed());
      case UNKNOWN -> error(SecondFactorNodes.lookupInvalid());
      case USED -> identities.store().replaceCredentialConfig(identities.pool(), c.id(), before, after, Flow.now())
          .compose(spent -> spent ? Future.succeededFuture(Optional.<UiText>empty())
              : error(SecondFactorNodes.lookupAlreadyUsed()));
    };
  }

  private static Future<Optional<UiText>> error(UiText message) {
    return Future.succeededFuture(Optional.of(message));
  }
}

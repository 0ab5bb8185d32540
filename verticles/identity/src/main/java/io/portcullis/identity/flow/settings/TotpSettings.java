package io.portcullis.identity.flow.settings;

import io.portcullis.identity.flow.Flow;
import io.portcullis.identity.flow.SelfService;
import io.portcullis.identity.manage.IdentityService;
import io.portcullis.identity.mfa.Totp;
import io.portcullis.identity.mfa.TotpQr;
import io.portcullis.identity.schema.IdentitySchema;
import io.portcullis.identity.schema.TraitPath;
import io.portcullis.identity.ui.CommonNodes;
import io.portcullis.identity.ui.Messages;
import io.portcullis.identity.ui.NodeGroup;
import io.portcullis.identity.ui.SecondFactorNodes;
import io.portcullis.identity.ui.UiContainer;
import io.portcullis.identitysessions.aal.Aal;
import io.portcullis.identitysessions.kratos.KratosError;
import io.portcullis.identitysessions.model.Identity;
import io.vertx.core.json.JsonObject;

/**
 * The settings side of the {@code totp} method, as Kratos' TOTP strategy: without TOTP the form shows a new key
 * (QR code, secret, code input), kept in the flow's data until a valid code proves the app has it; with TOTP it
 * offers to unlink. The account name is the trait the schema marks {@code credentials.totp.account_name}, else the
 * identity's id; the issuer is {@code methods.totp.config.issuer}.
 */
final class TotpSettings {
  /** The flow-data key of the pending key URL (Kratos' internal context {@code totp.url}). */
  static final String PENDING_URL = "totp_url";
  private final SelfService settings;
  private final IdentityService identities;

  TotpSettings(SelfService settings, IdentityService identities) {
    this.settings = settings;
    this.identities = identities;
  }

  boolean enabled() {
    return settings.methodEnabled(Aal.TOTP);
  }

  /** {@code f} with a new pending key when the identity has no TOTP yet (as Kratos on each form), else without. */
  Flow prepare(Flow f, Identity identity) {
    if (!enabled()) {
      return f;
    }
    JsonObject data = f.data().copy();
    if (Aal.hasTotp(identity)) {
      data.remove(PENDING_URL);
    } else {
      data.put(PENDING_URL, Totp.newKey(settings.totpIssuer(), accountName(identity)).url());
    }
    return f.withData(data);
  }

  void nodes(UiContainer ui, Flow f, Identity identity) {
    if (!enabled()) {
      return;
    }
    if (Aal.hasTotp(identity)) {
      ui.appendNode(SecondFactorNodes.totpUnlink());
      return;
    }
    String url = f.data().getString(PENDING_URL);
    if (url == null) {
      return;
    }
    ui.appendNode(SecondFactorNodes.totpSecret(Totp.Key.fromUrl(url).secret()));
    ui.appendNode(SecondFactorNodes.totpQr(TotpQr.dataUrl(url)));
    ui.appendNode(SecondFactorNodes.totpVerify());
    ui.appendNode(CommonNodes.submit(Aal.TOTP, NodeGroup.TOTP, Messages.labelSave()));
  }

  /** A {@code method=totp} submission: link with a valid code, or unlink with {@code totp_unlink}. */
  SettingsStep submit(Flow f, Identity identity, JsonObject in) {
    JsonObject data = f.data().copy();
    if (Aal.hasTotp(identity)) {
      return SettingsStep.save(data, unlink(in) ? identities.withCredential(identity, Aal.TOTP, null) : identity,
          null);
    }
    String url = data.getString(PENDING_URL);
    if (url == null) {
      throw KratosError.internal("Could not find they TOTP key in the internal context.");
    }
    String code = in.getString(SecondFactorNodes.TOTP_CODE, "");
    if (code.isEmpty()) {
      return SettingsStep.invalid(Messages.required(SecondFactorNodes.TOTP_CODE), SecondFactorNodes.TOTP_CODE);
    }
    if (!Totp.validate(code, Totp.Key.fromUrl(url).secret(), Flow.now().getEpochSecond())) {
      return SettingsStep.invalid(SecondFactorNodes.totpWrong(), SecondFactorNodes.TOTP_CODE);
    }
    data.remove(PENDING_URL);
    return SettingsStep.save(data, identities.withCredential(identity, Aal.TOTP,
        new JsonObject().put("totp_url", url)), Aal.TOTP);
  }

  static boolean unlink(JsonObject in) {
    Object v = in.getValue(SecondFactorNodes.TOTP_UNLINK);
    return Boolean.TRUE.equals(v) || "true".equals(v);
  }

  /** As Kratos' TOTP schema extension: the last trait marked {@code totp.account_name} that has a value. */
  private String accountName(Identity identity) {
    IdentitySchema schema = identities.schema(identity.schemaId());
    String name = identity.id().toString();
    for (TraitPath p : schema.extensionPaths()) {
      if (p.extension().totpAccountName()) {
        Object value = identity.traits();
        for (String key : p.name().replaceFirst("^traits\\.", "").split("\\.")) {
          value = value instanceof JsonObject o ? o.getValue(key) : null;
        }
        if (value != null) {
          name = value.toString();
        }
      }
    }
    return name;
  }
}

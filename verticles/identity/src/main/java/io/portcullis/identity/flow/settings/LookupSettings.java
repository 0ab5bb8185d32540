package io.portcullis.identity.flow.settings;

import io.portcullis.identity.flow.SelfService;
import io.portcullis.identity.manage.IdentityService;
import io.portcullis.identity.mfa.LookupCodes;
import io.portcullis.identity.ui.SecondFactorNodes;
import io.portcullis.identity.ui.UiContainer;
import io.portcullis.identitysessions.aal.Aal;
import io.portcullis.identitysessions.kratos.KratosError;
import io.portcullis.identitysessions.model.Credential;
import io.portcullis.identitysessions.model.Identity;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The settings side of the {@code lookup_secret} method, as Kratos' lookup strategy: "generate" shows twelve new
 * codes kept in the flow's data until "confirm" stores them; "reveal" shows the stored codes (used ones as such);
 * "disable" removes them. A submission is this method's when one of its four buttons is set.
 */
final class LookupSettings {
  static final String REVEALED = "lookup_secret_revealed";
  static final String REGENERATED = "lookup_secret_regenerated";
  private final SelfService settings;
  private final IdentityService identities;

  LookupSettings(SelfService settings, IdentityService identities) {
    this.settings = settings;
    this.identities = identities;
  }

  boolean enabled() {
    return settings.methodEnabled(Aal.LOOKUP_SECRET);
  }

  /** True when {@code in} pressed one of this method's buttons (Kratos then takes the method as lookup_secret). */
  static boolean submitted(JsonObject in) {
    return flag(in, SecondFactorNodes.LOOKUP_REVEAL) || flag(in, SecondFactorNodes.LOOKUP_REGENERATE)
        || flag(in, SecondFactorNodes.LOOKUP_CONFIRM) || flag(in, SecondFactorNodes.LOOKUP_DISABLE);
  }

  void nodes(UiContainer ui, JsonObject flowData, Identity identity) {
    if (!enabled()) {
      return;
    }
    JsonArray pending = flowData.getJsonArray(REGENERATED);
    boolean has = Aal.hasLookup(identity);
    if (pending != null && !pending.isEmpty()) {
      ui.appendNode(SecondFactorNodes.lookupCodes(pending));
      ui.appendNode(SecondFactorNodes.lookupConfirm());
    } else if (has && flowData.getBoolean(REVEALED, false)) {
      ui.appendNode(SecondFactorNodes.lookupCodes(codes(identity)));
      ui.appendNode(SecondFactorNodes.lookupDisable());
      ui.appendNode(SecondFactorNodes.lookupRegenerate());
    } else if (has) {
      ui.appendNode(SecondFactorNodes.lookupReveal());
      ui.appendNode(SecondFactorNodes.lookupDisable());
    } else {
      ui.appendNode(SecondFactorNodes.lookupRegenerate());
    }
  }

  SettingsStep submit(JsonObject flowData, Identity identity, JsonObject in) {
    JsonObject data = flowData.copy();
    if (flag(in, SecondFactorNodes.LOOKUP_CONFIRM)) {
      JsonArray pending = data.getJsonArray(REGENERATED);
      if (pending == null || pending.size() != LookupCodes.COUNT) {
        throw KratosError.badRequest("You must (re-)generate recovery backup codes before you can save them.");
      }
      JsonArray stored = new JsonArray();
      pending.forEach(c -> stored.add(new JsonObject().put("code", ((JsonObject) c).getString("code"))
          .putNull("used_at")));
      data.remove(REGENERATED);
      return SettingsStep.save(data, identities.withCredential(identity, Aal.LOOKUP_SECRET,
          new JsonObject().put("recovery_codes", stored)), Aal.LOOKUP_SECRET);
    }
    if (flag(in, SecondFactorNodes.LOOKUP_REVEAL)) {
      if (!Aal.hasLookup(identity)) {
        throw KratosError.badRequest("Can not reveal lookup codes because you have none.");
      }
      return SettingsStep.show(data.put(REVEALED, true));
    }
    if (flag(in, SecondFactorNodes.LOOKUP_DISABLE)) {
      data.put(REVEALED, false).remove(REGENERATED);
      return SettingsStep.save(data, identities.withCredential(identity, Aal.LOOKUP_SECRET, null), null);
    }
    return SettingsStep.show(data.put(REGENERATED, LookupCodes.generate()));
  }

  private static JsonArray codes(Identity identity) {
    Credential c = identity.credential(Aal.LOOKUP_SECRET);
    return c.config().getJsonArray("recovery_codes", new JsonArray());
  }

  private static boolean flag(JsonObject in, String name) {
    Object v = in.getValue(name);
    return Boolean.TRUE.equals(v) || "true".equals(v);
  }
}

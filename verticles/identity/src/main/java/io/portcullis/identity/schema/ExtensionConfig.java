package io.portcullis.identity.schema;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Set;

/**
 * The {@code ory.sh/kratos} extension of one schema property (Kratos' {@code schema.ExtensionConfig}): which
 * credentials use the trait as identifier and whether it is a verification or recovery address. Parsing enforces
 * Kratos' {@code identity_extension.schema.json}: no unknown keys, booleans where booleans belong, {@code via} one of
 * email or sms.
 */
public record ExtensionConfig(boolean passwordIdentifier, boolean webauthnIdentifier, boolean passkeyDisplayName,
    boolean totpAccountName, boolean codeIdentifier, String codeVia, String verificationVia, String recoveryVia,
    String organizationsMatcher) {

  public static final String NAME = "ory.sh/kratos";

  private static final Set<String> VIA = Set.of("email", "sms");

  /** True when any credential uses this trait as identifier (what Kratos' identifier label looks for). */
  public boolean anyIdentifier() {
    return passwordIdentifier || webauthnIdentifier || passkeyDisplayName || totpAccountName || codeIdentifier;
  }

  /** Parses {@code raw} found at {@code pointer} (the pointer of the extension object itself). */
  static ExtensionConfig parse(String schemaId, String pointer, Object raw) {
    JsonObject ext = object(schemaId, pointer, raw);
    only(schemaId, pointer, ext, "credentials", "verification", "recovery", "organizations");
    String cp = pointer + "/credentials";
    JsonObject creds = object(schemaId, cp, ext.getValue("credentials", new JsonObject()));
    only(schemaId, cp, creds, "password", "webauthn", "passkey", "totp", "code");
    JsonObject password = member(schemaId, cp + "/password", creds, "password", "identifier");
    JsonObject webauthn = member(schemaId, cp + "/webauthn", creds, "webauthn", "identifier");
    JsonObject passkey = member(schemaId, cp + "/passkey", creds, "passkey", "display_name");
    JsonObject totp = member(schemaId, cp + "/totp", creds, "totp", "account_name");
    JsonObject code = member(schemaId, cp + "/code", creds, "code", "identifier", "via");
    JsonObject verification = member(schemaId, pointer + "/verification", ext, "verification", "via");
    JsonObject recovery = member(schemaId, pointer + "/recovery", ext, "recovery", "via");
    JsonObject orgs = member(schemaId, pointer + "/organizations", ext, "organizations", "matcher");
    String matcher = string(schemaId, pointer + "/organizations/matcher", orgs, "matcher", Set.of("email_domain"));
    return new ExtensionConfig(
        bool(schemaId, cp + "/password/identifier", password, "identifier"),
        bool(schemaId, cp + "/webauthn/identifier", webauthn, "identifier"),
        bool(schemaId, cp + "/passkey/display_name", passkey, "display_name"),
        bool(schemaId, cp + "/totp/account_name", totp, "account_name"),
        bool(schemaId, cp + "/code/identifier", code, "identifier"),
        string(schemaId, cp + "/code/via", code, "via", VIA),
        string(schemaId, pointer + "/verification/via", verification, "via", VIA),
        string(schemaId, pointer + "/recovery/via", recovery, "via", VIA),
        matcher);
  }

  private static JsonObject member(String id, String pointer, JsonObject parent, String key, String... allowed) {
    JsonObject o = object(id, pointer, parent.getValue(key, new JsonObject()));
    only(id, pointer, o, allowed);
    return o;
  }

  private static JsonObject object(String id, String pointer, Object raw) {
    if (raw instanceof JsonObject o) {
      return o;
    }
    if (raw instanceof Map<?, ?> m) {
      @SuppressWarnings("unchecked")
      Map<String, Object> map = (Map<String, Object>) m;
      return new JsonObject(map);
    }
    throw new SchemaException(id, pointer, "expected an object, got " + raw);
  }

  private static void only(String id, String pointer, JsonObject o, String... allowed) {
    Set<String> ok = Set.of(allowed);
    for (String key : o.fieldNames()) {
      if (!ok.contains(key)) {
        throw new SchemaException(id, pointer + "/" + key, "unknown property \"" + key + "\" in " + NAME
            + " extension (allowed: " + String.join(", ", allowed) + ")");
      }
    }
  }

  private static boolean bool(String id, String pointer, JsonObject o, String key) {
    Object v = o.getValue(key);
    if (v == null) {
      return false;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    throw new SchemaException(id, pointer, "expected a boolean, got " + v);
  }

  private static String string(String id, String pointer, JsonObject o, String key, Set<String> allowed) {
    Object v = o.getValue(key);
    if (v == null) {
      return "";
    }
    if (v instanceof String s && allowed.contains(s)) {
      return s;
    }
    throw new SchemaException(id, pointer, "expected one of " + allowed.stream().sorted().toList() + ", got " + v);
  }
}

package io.portcullis.identity.schema;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What the {@code ory.sh/kratos} extensions say about one identity's traits: password identifiers, code-login
 * addresses, verifiable and recovery addresses, normalised as Kratos v25.4.0 does (password identifiers lowercased
 * only; email addresses trimmed and lowercased; other addresses trimmed).
 */
public record Extracted(List<String> passwordIdentifiers, List<String> webauthnIdentifiers,
    List<Address> codeAddresses, List<Address> verifiableAddresses, List<Address> recoveryAddresses) {

  /** An address and the channel ("email" or "sms") it is reached by. */
  public record Address(String via, String value) {
  }

  /** Reads the extension-marked traits of {@code traits} according to {@code schema}. */
  public static Extracted extract(IdentitySchema schema, JsonObject traits) {
    Set<String> password = new LinkedHashSet<>();
    Set<String> webauthn = new LinkedHashSet<>();
    Set<Address> code = new LinkedHashSet<>();
    Set<Address> verifiable = new LinkedHashSet<>();
    Set<Address> recovery = new LinkedHashSet<>();
    JsonObject root = new JsonObject().put("traits", traits == null ? new JsonObject() : traits);
    for (TraitPath p : schema.extensionPaths()) {
      ExtensionConfig ext = p.extension();
      for (Object value : values(root, p.name())) {
        String s = String.valueOf(value);
        if (ext.passwordIdentifier()) {
          password.add(s.toLowerCase(Locale.ROOT));
        }
        if (ext.webauthnIdentifier()) {
          webauthn.add(s.toLowerCase(Locale.ROOT));
        }
        if (ext.codeIdentifier()) {
          code.add(new Address(ext.codeVia(), "email".equals(ext.codeVia()) ? email(s) : s.trim()));
        }
        if (!ext.verificationVia().isEmpty()) {
          boolean asEmail = "email".equals(p.format()) || p.format().isEmpty() && "email".equals(ext.verificationVia());
          verifiable.add(new Address(ext.verificationVia(), asEmail ? s.trim().toLowerCase(Locale.ROOT) : s.trim()));
        }
        if (!ext.recoveryVia().isEmpty()) {
          recovery.add(new Address(ext.recoveryVia(),
              "email".equals(ext.recoveryVia()) ? s.trim().toLowerCase(Locale.ROOT) : s.trim()));
        }
      }
    }
    List<Address> codeSorted = new ArrayList<>(code);
    codeSorted.sort((a, b) -> a.value().equals(b.value()) ? a.via().compareTo(b.via())
        : a.value().compareTo(b.value()));
    return new Extracted(List.copyOf(password), List.copyOf(webauthn), List.copyOf(codeSorted),
        List.copyOf(verifiable), List.copyOf(recovery));
  }

  /** Kratos' {@code NormalizeEmailIdentifier}: only values containing "@" are trimmed and lowercased. */
  private static String email(String value) {
    return value.contains("@") ? value.trim().toLowerCase(Locale.ROOT) : value;
  }

  /** The non-null values at a dotted path; array elements count one by one, as the extension runs per element. */
  private static List<Object> values(JsonObject root, String dotted) {
    Object node = root;
    for (String seg : dotted.split("\\.")) {
      if (node instanceof JsonObject o) {
        node = o.getValue(seg);
      } else {
        return List.of();
      }
    }
    if (node == null) {
      return List.of();
    }
    if (node instanceof JsonArray a) {
      return a.stream().filter(v -> v != null).toList();
    }
    return List.of(node);
  }
}

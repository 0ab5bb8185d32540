package io.portcullis.identity;

import com.fasterxml.jackson.databind.JsonNode;
import io.portcullis.config.IdentityConfig;
import io.portcullis.config.InvalidConfigException;
import io.portcullis.config.OidcConfig;
import io.portcullis.identity.oidc.Providers;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;

/**
 * The Kratos keys under {@code portcullis.identity} that Portcullis accepts, so a {@code kratos.yml} loads, but does
 * not act on (yet). Each one set is named at start with its path and why. One whose silent neglect would let an
 * operator believe a security setting is in force when it is not (a required AAL Kratos does not know, TLS on the
 * listeners, a breach check asked for explicitly) is refused instead: the start stops with the path. Keys that are
 * honoured are not listed here (the {@code totp} and {@code lookup_secret} methods, {@code required_aal}); keys Kratos
 * does not know fail when the configuration is bound.
 */
public final class UnimplementedKeys {
  private static final String P = "portcullis.identity.";

  /** What happens to a key that is set. */
  public enum Verdict {
    /** the start stops: the operator would otherwise believe a security setting is applied */
    REFUSED,
    /** accepted and logged as a warning: the feature is not implemented, nothing is weakened by its absence */
    NOT_IMPLEMENTED,
    /** accepted and logged: Portcullis does not need it (its design makes the setting moot) */
    NOT_NEEDED
  }

  /** One key that is set and not acted on. */
  public record Finding(String path, Verdict verdict, String reason) {
    @Override
    public String toString() {
      return path + ": " + reason;
    }
  }

  /** Methods that are accepted but not implemented, and why enabling them changes nothing. */
  private static final Map<String, String> METHODS = Map.ofEntries(
      Map.entry("saml", "SAML is not implemented (Ory Network / enterprise)"),
      Map.entry("b2b", "B2B SSO is not implemented (Ory Network only)"));
  private static final Set<String> IMPLEMENTED_METHODS = Set.of("password", "profile", "link", "code", "oidc",
      "webauthn", "passkey", "totp", "lookup_secret");
  /** Provider keys accepted and not acted on, and why. */
  private static final Map<String, String> OIDC_PROVIDER_KEYS = Map.of(
      "organization_id", "organizations are only effective in the Ory Network; the provider is not offered",
      "additional_id_token_audiences", "only used when an app submits an ID token, which is not implemented",
      "fedcm_config_url", "FedCM is only effective in the Ory Network",
      "net_id_token_origin_header", "FedCM is only effective in the Ory Network");
  private static final Set<String> KNOWN_METHODS = Stream.concat(METHODS.keySet().stream(),
      IMPLEMENTED_METHODS.stream()).collect(Collectors.toCollection(TreeSet::new));
  private static final Set<String> PASSWORD_CONFIG = Set.of("min_password_length",
      "identifier_similarity_check_enabled", "haveibeenpwned_enabled", "haveibeenpwned_host", "max_breaches",
      "ignore_network_errors", "migrate_hook");
  /** Kratos' {@code featureRequiredAal} enum. */
  private static final Set<String> REQUIRED_AALS = Set.of("aal1", "highest_available");
  private static final Set<String> TOTP_CONFIG = Set.of("issuer");
  private static final Map<String, String> FEATURE_FLAGS = Map.of(
      "faster_session_extend", "",
      "cacheable_sessions", "only effective in the Ory Network",
      "cacheable_sessions_max_age", "only effective in the Ory Network",
      "use_continue_with_transitions", "",
      "choose_recovery_address", "not implemented: recovery answers as with the flag off",
      "legacy_continue_with_verification_ui", "not implemented: flows answer as with the flag off",
      "legacy_require_verified_login_error", "",
      "password_profile_registration_node_group", "not implemented: registration nodes keep their groups",
      "legacy_oidc_registration_node_group", "not implemented: a sign-up by provider keeps its traits in the "
          + "default group");

  private UnimplementedKeys() {
  }

  /** Every key of {@code c} that is set and not acted on, group by group. */
  public static List<Finding> of(IdentityConfig c) {
    List<Finding> out = new ArrayList<>();
    methods(c, out);
    requiredAal(P + "selfservice.flows.settings.required_aal", c.selfservice().flows().settings().requiredAal(), out);
    whoami(c.session().whoami(), out);
    listener("public", c.serve().publicApi(), out);
    listener("admin", c.serve().admin(), out);
    if (present(c.oauth2Provider())) {
      out.add(new Finding(P + "oauth2_provider", Verdict.NOT_IMPLEMENTED, "acting as the login provider of an "
          + "OAuth 2.0 server (Ory Hydra's login_challenge) is not implemented; login_challenge is ignored"));
    }
    featureFlags(c.featureFlags(), out);
    if (present(c.organizations())) {
      out.add(new Finding(P + "organizations", Verdict.NOT_IMPLEMENTED, "organizations are not implemented "
          + "(only effective in the Ory Network)"));
    }
    // secrets.* are all used: secrets.cookie (else secrets.default) key the hashes of recovery and verification links
    // and codes, secrets.cipher encrypts the tokens kept with OpenID Connect credentials (the session cookie holds the
    // random session token itself, stored as its hash).
    return out;
  }

  /**
   * Logs every finding with its path (refusals as errors, unimplemented features as warnings, keys not needed as
   * information), then stops at the first refusal.
   *
   * @throws InvalidConfigException naming the refused key's path
   */
  public static List<Finding> check(IdentityConfig c, Logger log) {
    List<Finding> found = of(c);
    for (Finding f : found) {
      switch (f.verdict()) {
        case REFUSED -> log.error("{}: refused: {}", f.path(), f.reason());
        case NOT_IMPLEMENTED -> log.warn("{}: accepted but not implemented; it has no effect: {}", f.path(),
            f.reason());
        case NOT_NEEDED -> log.info("{}: accepted and not needed: {}", f.path(), f.reason());
      }
    }
    for (Finding f : found) {
      if (f.verdict() == Verdict.REFUSED) {
        throw new InvalidConfigException(f.path(), f.reason());
      }
    }
    return found;
  }

  private static void methods(IdentityConfig c, List<Finding> out) {
    IdentityConfig.CodeMethod code = c.selfservice().code();
    if (code.passwordlessEnabled()) {
      out.add(new Finding(P + "selfservice.methods.code.config.passwordless_enabled", Verdict.NOT_IMPLEMENTED,
          "login and registration by code are not implemented; recovery and verification by code are"));
    }
    if (code.mfaEnabled()) {
      out.add(new Finding(P + "selfservice.methods.code.config.mfa_enabled", Verdict.NOT_IMPLEMENTED,
          "a code as the second factor is not implemented"));
    }
    // Sorted: Map.copyOf keeps no order, and the log should read the same every start.
    for (String id : new TreeSet<>(c.selfservice().methods().keySet())) {
      String path = P + "selfservice.methods." + id;
      if (IMPLEMENTED_METHODS.contains(id)) {
        continue;
      }
      String why = METHODS.get(id);
      if (why == null) {
        out.add(new Finding(path, Verdict.REFUSED, "unknown method; known methods: " + KNOWN_METHODS));
      } else if (c.selfservice().method(id).enabled()) {
        out.add(new Finding(path + ".enabled", Verdict.NOT_IMPLEMENTED, why));
      }
    }
    for (String key : new TreeSet<>(c.selfservice().method("totp").config().keySet())) {
      if (!TOTP_CONFIG.contains(key)) {
        out.add(new Finding(P + "selfservice.methods.totp.config." + key, Verdict.REFUSED, "unknown key; known keys "
            + "here: " + TOTP_CONFIG));
      }
    }
    IdentityConfig.Method webauthn = c.selfservice().method("webauthn");
    if (webauthn.enabled() && !Boolean.TRUE.equals(webauthn.config().get("passwordless"))) {
      out.add(new Finding(P + "selfservice.methods.webauthn.config.passwordless", Verdict.NOT_IMPLEMENTED,
          "WebAuthn as a second factor (passwordless: false) is not implemented: flows offer no security-key "
          + "nodes (passkeys are not affected)"));
    }
    oidcProviders(c, out);
    IdentityConfig.Method password = c.selfservice().method("password");
    if (!password.enabled()) {
      return;
    }
    String cp = P + "selfservice.methods.password.config.";
    for (String key : new TreeSet<>(password.config().keySet())) {
      if (!PASSWORD_CONFIG.contains(key)) {
        out.add(new Finding(cp + key, Verdict.REFUSED, "unknown key; known keys here: "
            + new TreeSet<>(PASSWORD_CONFIG)));
      }
    }
    Object hibp = password.config().get("haveibeenpwned_enabled");
    if (Boolean.TRUE.equals(hibp)) {
      out.add(new Finding(cp + "haveibeenpwned_enabled", Verdict.REFUSED, "the breached-password check is not "
          + "implemented: no new password would be checked; set it to false"));
    } else if (hibp == null) {
      out.add(new Finding(cp + "haveibeenpwned_enabled", Verdict.NOT_IMPLEMENTED, "Kratos checks new passwords "
          + "against haveibeenpwned by default; Portcullis does not implement that check (set it to false to say so)"));
    }
    for (String key : List.of("haveibeenpwned_host", "max_breaches", "ignore_network_errors")) {
      if (password.config().containsKey(key)) {
        out.add(new Finding(cp + key, Verdict.NOT_IMPLEMENTED, "belongs to the breached-password check, which is "
            + "not implemented"));
      }
    }
    if (password.config().containsKey("migrate_hook")) {
      out.add(new Finding(cp + "migrate_hook", Verdict.NOT_IMPLEMENTED, "password migration by web hook is not "
          + "implemented: identities without a password hash cannot log in with a password"));
    }
  }

  /**
   * Provider types Kratos knows but Portcullis does not implement are refused (their button would lead nowhere);
   * keys of Ory Network features are named.
   */
  private static void oidcProviders(IdentityConfig c, List<Finding> out) {
    IdentityConfig.Method oidc = c.selfservice().method("oidc");
    if (!oidc.enabled()) {
      return;
    }
    List<OidcConfig.Provider> providers = OidcConfig.of(oidc).providers();
    for (int i = 0; i < providers.size(); i++) {
      OidcConfig.Provider p = providers.get(i);
      String path = P + "selfservice.methods.oidc.config.providers[" + i + "]";
      if (!Providers.IMPLEMENTED.contains(p.provider())) {
        out.add(new Finding(path + ".provider", Verdict.REFUSED, "the provider type \"" + p.provider() + "\" is "
            + "not implemented; implemented: " + Providers.IMPLEMENTED));
      }
      if (!p.appleTeamId().isEmpty() || !p.applePrivateKeyId().isEmpty() || !p.applePrivateKey().isEmpty()) {
        out.add(new Finding(path + ".apple_team_id", Verdict.NOT_IMPLEMENTED, "only used by the apple provider, "
            + "which is not implemented"));
      }
      Map<String, Boolean> set = Map.of("organization_id", !p.organizationId().isEmpty(),
          "additional_id_token_audiences", !p.additionalIdTokenAudiences().isEmpty(),
          "fedcm_config_url", !p.fedcmConfigUrl().isEmpty(),
          "net_id_token_origin_header", !p.netIdTokenOriginHeader().isEmpty());
      for (String key : new TreeSet<>(set.keySet())) {
        if (set.get(key)) {
          out.add(new Finding(path + "." + key, Verdict.NOT_IMPLEMENTED, OIDC_PROVIDER_KEYS.get(key)));
        }
      }
    }
  }

  private static void requiredAal(String path, String value, List<Finding> out) {
    if (value != null && !REQUIRED_AALS.contains(value)) {
      out.add(new Finding(path, Verdict.REFUSED, "\"" + value + "\" is not a required AAL Kratos knows; use aal1 or "
          + "highest_available (which asks for the second factor of identities that have one)"));
    }
  }

  private static void whoami(JsonNode whoami, List<Finding> out) {
    if (!present(whoami)) {
      return;
    }
    String path = P + "session.whoami";
    for (Iterator<String> it = whoami.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      switch (key) {
        case "required_aal" -> requiredAal(path + ".required_aal", whoami.get(key).asText(), out);
        case "tokenizer" -> out.add(new Finding(path + ".tokenizer", Verdict.NOT_IMPLEMENTED, "session "
            + "tokenization (tokenize_as) is not implemented: whoami answers without a token"));
        default -> out.add(new Finding(path + "." + key, Verdict.REFUSED, "unknown key; known keys here: "
            + "required_aal, tokenizer"));
      }
    }
  }

  private static void listener(String name, IdentityConfig.Listener l, List<Finding> out) {
    String path = P + "serve." + name;
    if (l.cors().debug()) {
      out.add(new Finding(path + ".cors.debug", Verdict.NOT_IMPLEMENTED, "CORS decisions are not logged"));
    }
  }

  private static void featureFlags(JsonNode flags, List<Finding> out) {
    if (!present(flags)) {
      return;
    }
    for (Iterator<String> it = flags.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      String path = P + "feature_flags." + key;
      String why = FEATURE_FLAGS.get(key);
      JsonNode value = flags.get(key);
      if (why == null) {
        out.add(new Finding(path, Verdict.REFUSED, "unknown key; known keys here: "
            + new TreeSet<>(FEATURE_FLAGS.keySet())));
      } else if (!why.isEmpty() && !(value.isBoolean() && !value.asBoolean())) {
        // A flag switched off is honoured: off is how Portcullis behaves.
        out.add(new Finding(path, Verdict.NOT_IMPLEMENTED, why));
      }
    }
  }

  private static boolean present(JsonNode n) {
    return n != null && !n.isNull() && !n.isMissingNode() && !(n.isContainerNode() && n.isEmpty());
  }
}

package io.portcullis.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * {@code selfservice.methods.oidc.config} with Kratos' keys ({@code ConfigurationCollection}): the providers people
 * sign in with. The method's {@code config} is free-form in {@link IdentityConfig.Method}; {@link #of} binds it here,
 * unknown keys failing with their path as everywhere else.
 *
 * @param baseRedirectUri the base of the callback URLs given to providers; the public base URL when empty
 */
public record OidcConfig(String baseRedirectUri, List<Provider> providers) {
  static final String PATH = "portcullis.identity.selfservice.methods.oidc.config";
  /** The provider types Kratos v25.4.0 knows ({@code supportedProviders}). */
  public static final Set<String> KRATOS_PROVIDERS = Set.of("generic", "google", "github", "github-app", "gitlab",
      "microsoft", "discord", "salesforce", "slack", "facebook", "auth0", "vk", "yandex", "apple", "spotify", "netid",
      "dingtalk", "linkedin", "linkedin_v2", "patreon", "lark", "x", "line", "jackson", "fedcm-test", "amazon");
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .disable(com.fasterxml.jackson.databind.MapperFeature.ALLOW_COERCION_OF_SCALARS);

  public OidcConfig {
    baseRedirectUri = baseRedirectUri == null ? "" : baseRedirectUri;
    providers = providers == null ? List.of() : List.copyOf(providers);
  }

  /**
   * One provider, Kratos' {@code selfServiceOIDCProvider}.
   *
   * @param id the provider's id in URLs and buttons ({@code /self-service/methods/oidc/callback/<id>})
   * @param provider its type: {@code generic}, {@code google}, {@code github}, {@code gitlab}, {@code microsoft}, ...
   * @param label the name on buttons; the id when empty
   * @param issuerUrl where discovery ({@code /.well-known/openid-configuration}) starts; fixed for google
   * @param authUrl the authorization endpoint of a {@code generic} provider without discovery
   * @param tokenUrl its token endpoint
   * @param mapperUrl the Jsonnet mapping claims to traits: {@code base64://}, {@code file://}, {@code http(s)://}
   * @param requestedClaims the OpenID Connect {@code claims} request parameter, as a JSON object
   * @param claimsSource {@code id_token} (default) or {@code userinfo}, for {@code generic}
   * @param pkce {@code auto} (default: when discovery advertises S256), {@code never} or {@code force}
   */
  public record Provider(String id, String provider, String label, String clientId, String clientSecret,
      String issuerUrl, String authUrl, String tokenUrl, String microsoftTenant, String subjectSource,
      String appleTeamId, String applePrivateKeyId, String applePrivateKey, List<String> scope, String mapperUrl,
      JsonNode requestedClaims, String organizationId, List<String> additionalIdTokenAudiences, String claimsSource,
      String pkce, String fedcmConfigUrl, String netIdTokenOriginHeader) {
    public Provider {
      id = id == null ? "" : id;
      provider = provider == null ? "" : provider;
      label = label == null ? "" : label;
      clientId = clientId == null ? "" : clientId;
      clientSecret = clientSecret == null ? "" : clientSecret;
      issuerUrl = issuerUrl == null ? "" : issuerUrl;
      authUrl = authUrl == null ? "" : authUrl;
      tokenUrl = tokenUrl == null ? "" : tokenUrl;
      microsoftTenant = microsoftTenant == null ? "" : microsoftTenant;
      subjectSource = subjectSource == null ? "userinfo" : subjectSource;
      appleTeamId = appleTeamId == null ? "" : appleTeamId;
      applePrivateKeyId = applePrivateKeyId == null ? "" : applePrivateKeyId;
      applePrivateKey = applePrivateKey == null ? "" : applePrivateKey;
      fedcmConfigUrl = fedcmConfigUrl == null ? "" : fedcmConfigUrl;
      netIdTokenOriginHeader = netIdTokenOriginHeader == null ? "" : netIdTokenOriginHeader;
      scope = scope == null ? List.of() : List.copyOf(scope);
      mapperUrl = mapperUrl == null ? "" : mapperUrl;
      organizationId = organizationId == null ? "" : organizationId;
      additionalIdTokenAudiences = additionalIdTokenAudiences == null ? List.of()
          : List.copyOf(additionalIdTokenAudiences);
      claimsSource = claimsSource == null ? "id_token" : claimsSource;
      pkce = pkce == null ? "auto" : pkce;
    }

    /** What buttons say: the label, else the id (Kratos' {@code stringsx.Coalesce(Label, ID)}). */
    public String displayName() {
      return label.isEmpty() ? id : label;
    }
  }

  /** The providers of {@code method}'s {@code config}; an unknown or mistyped key fails with its path. */
  public static OidcConfig of(IdentityConfig.Method method) {
    return of(method.config());
  }

  static OidcConfig of(Map<String, Object> config) {
    try {
      return MAPPER.convertValue(config, OidcConfig.class);
    } catch (IllegalArgumentException e) {
      if (e.getCause() instanceof JsonMappingException m) {
        String at = ConfigLoader.path(m);
        String why = m instanceof UnrecognizedPropertyException u && u.getKnownPropertyIds() != null
            ? "unknown key; known keys here: " + u.getKnownPropertyIds().stream().map(String::valueOf).sorted()
                .collect(Collectors.joining(", "))
            : m.getOriginalMessage().replaceAll(" \\(class [^)]*\\)", "");
        throw new InvalidConfigException(at.isEmpty() ? PATH : PATH + "." + at.replace(".[", "["), why);
      }
      throw new InvalidConfigException(PATH, e.getMessage());
    }
  }

  /** Kratos' schema rules for each provider: required keys, unique ids, URLs, enumerations. */
  static void validate(IdentityConfig.Method method) {
    OidcConfig c = of(method);
    url(PATH + ".base_redirect_uri", c.baseRedirectUri());
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < c.providers().size(); i++) {
      Provider p = c.providers().get(i);
      String at = PATH + ".providers[" + i + "]";
      required(at + ".id", p.id(), "e.g. google");
      if (!ids.add(p.id())) {
        throw new InvalidConfigException(at + ".id", "\"" + p.id() + "\" is used twice");
      }
      if (!p.id().matches("[A-Za-z0-9._~-]+")) {
        throw new InvalidConfigException(at + ".id", "\"" + p.id() + "\" is part of the callback URL: letters, digits "
            + "and . _ ~ - only");
      }
      required(at + ".provider", p.provider(), "one of " + new TreeSet<>(KRATOS_PROVIDERS));
      ConfigValidator.oneOf(at + ".provider", p.provider(), KRATOS_PROVIDERS);
      required(at + ".client_id", p.clientId(), "the client id the provider gave this application");
      if (!p.provider().equals("apple")) {
        required(at + ".client_secret", p.clientSecret(), "the client secret the provider gave this application");
      }
      required(at + ".mapper_url", p.mapperUrl(), "a Jsonnet mapper as file://, https:// or base64://");
      if (!p.mapperUrl().matches("(?i)(file|https?|base64)://.*")) {
        throw new InvalidConfigException(at + ".mapper_url", "\"" + p.mapperUrl() + "\" is not a file://, http(s):// "
            + "or base64:// URL");
      }
      if (p.provider().equals("microsoft") && p.microsoftTenant().isBlank()) {
        throw new InvalidConfigException(at + ".microsoft_tenant", "is required for the microsoft provider (common, "
            + "organizations, consumers or a tenant id)");
      }
      if (!p.provider().equals("microsoft") && !p.microsoftTenant().isEmpty()) {
        throw new InvalidConfigException(at + ".microsoft_tenant", "only applies to the microsoft provider");
      }
      if (p.provider().equals("generic") && p.issuerUrl().isEmpty()) {
        throw new InvalidConfigException(at + ".issuer_url", "is required for the generic provider: its endpoints and "
            + "keys are found by OpenID Connect discovery");
      }
      url(at + ".issuer_url", p.issuerUrl());
      url(at + ".auth_url", p.authUrl());
      url(at + ".token_url", p.tokenUrl());
      ConfigValidator.oneOf(at + ".pkce", p.pkce(), Set.of("auto", "never", "force"));
      ConfigValidator.oneOf(at + ".claims_source", p.claimsSource(), Set.of("id_token", "userinfo"));
      ConfigValidator.oneOf(at + ".subject_source", p.subjectSource(), Set.of("userinfo", "me", "oid"));
      if (p.requestedClaims() != null && !p.requestedClaims().isNull() && !p.requestedClaims().isObject()) {
        throw new InvalidConfigException(at + ".requested_claims", "must be an object such as {id_token: {email: "
            + "null}}");
      }
    }
  }

  private static void required(String path, String value, String expected) {
    if (value == null || value.isBlank()) {
      throw new InvalidConfigException(path, "is required (" + expected + ")");
    }
  }

  private static void url(String path, String value) {
    if (value.isEmpty()) {
      return;
    }
    try {
      URI u = URI.create(value);
      if (u.getScheme() == null || u.getHost() == null
          || !(u.getScheme().equals("http") || u.getScheme().equals("https"))) {
        throw new IllegalArgumentException("not absolute");
      }
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException(path, "\"" + value + "\" is not an http(s) URL");
    }
  }
}

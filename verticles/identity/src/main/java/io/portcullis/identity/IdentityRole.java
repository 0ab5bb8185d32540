package io.portcullis.identity;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.portcullis.config.Durations;
import io.portcullis.config.IdentityConfig;
import io.portcullis.config.OidcConfig;
import io.portcullis.config.PortcullisConfig;
import io.portcullis.config.SessionsConfig;
import io.portcullis.config.Sizes;
import io.portcullis.identity.api.CourierApi;
import io.portcullis.identity.api.IdentitiesApi;
import io.portcullis.identity.api.RateLimitsApi;
import io.portcullis.identity.api.ResponseStatuses;
import io.portcullis.identity.attempts.FlowAttempts;
import io.portcullis.identity.api.SessionsApi;
import io.portcullis.identity.courier.Courier;
import io.portcullis.identity.courier.CourierService;
import io.portcullis.identity.flow.FlowEndpoints;
import io.portcullis.identity.flow.FlowKit;
import io.portcullis.identity.flow.FlowOutcomes;
import io.portcullis.identity.flow.FlowStore;
import io.portcullis.identity.flow.SelfService;
import io.portcullis.identity.flow.error.ErrorFlowHandler;
import io.portcullis.identity.flow.login.LoginHandler;
import io.portcullis.identity.flow.logout.LogoutHandler;
import io.portcullis.identity.flow.oidc.OidcStrategy;
import io.portcullis.identity.flow.onetime.OneTimeSecrets;
import io.portcullis.identity.flow.onetime.OneTimeStore;
import io.portcullis.identity.flow.recovery.Recovery;
import io.portcullis.identity.flow.registration.RegistrationHandler;
import io.portcullis.identity.flow.settings.SettingsHandler;
import io.portcullis.identity.hook.HookRegistry;
import io.portcullis.identity.hook.HookRunner;
import io.portcullis.identity.hook.HookServices;
import io.portcullis.identity.flow.verification.Verification;
import io.portcullis.identity.jsonnet.Jsonnet;
import io.portcullis.identity.manage.IdentityService;
import io.portcullis.identity.oidc.ClaimsMapper;
import io.portcullis.identity.oidc.Providers;
import io.portcullis.identity.oidc.TokenCipher;
import io.portcullis.identity.pages.LoginPage;
import io.portcullis.identity.pages.Pages;
import io.portcullis.identity.pages.RecoveryPage;
import io.portcullis.identity.pages.RegistrationPage;
import io.portcullis.identity.pages.SettingsPage;
import io.portcullis.identity.pages.VerificationPage;
import io.portcullis.identity.password.Argon2Params;
import io.portcullis.identity.password.BcryptParams;
import io.portcullis.identity.password.HashingConfig;
import io.portcullis.identity.password.PasswordPolicy;
import io.portcullis.identity.password.PasswordPolicyConfig;
import io.portcullis.identity.password.PasswordService;
import io.portcullis.identity.schema.IdentitySchemas;
import io.portcullis.identity.schema.SchemaLoader;
import io.portcullis.identity.session.SessionService;
import io.portcullis.identity.store.IdentityStore;
import io.portcullis.identity.store.Janitor;
import io.portcullis.identity.store.Migrations;
import io.portcullis.identity.store.Outbox;
import io.portcullis.identity.store.OutboxRelay;
import io.portcullis.identity.store.SessionStore;
import io.portcullis.identity.webauthn.WebAuthnLogin;
import io.portcullis.identity.webauthn.WebAuthnScript;
import io.portcullis.identity.webauthn.WebAuthnSettings;
import io.portcullis.identitysessions.ListenerUrls;
import io.portcullis.identitysessions.db.Database;
import io.portcullis.identitysessions.kratos.KratosJson;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Assembles the identity role: the PostgreSQL pool (migrated before anything serves), schemas, password hashing,
 * sessions, flows and both APIs, then deploys one {@link IdentityVerticle} per event loop sharing them.
 */
public final class IdentityRole {
  private static final Logger LOG = LoggerFactory.getLogger(IdentityRole.class);

  private final Pool pool;
  private final PasswordService passwords;
  private final OutboxRelay relay;
  private final Janitor janitor;
  private final CourierService courier;
  private final Providers providers;
  final Routes routes;

  /**
   * The route sets every verticle instance mounts.
   *
   * @param flows the self-service flows, mounted in this order on the public API
   * @param adminFlows the flows' admin endpoints (recovery links and codes), mounted on the admin API
   * @param errors where errors of browser navigations go (the error flow, also among {@code flows})
   */
  record Routes(IdentityConfig config, SessionsApi sessions, IdentitiesApi identities, List<FlowEndpoints> flows,
      List<FlowEndpoints> adminFlows, IdentitySchemas schemas, Pool pool, ErrorFlowHandler errors, Pages pages,
      CourierApi courier, RateLimitsApi rateLimits, PortcullisConfig.ServerLimits limits,
      ResponseStatuses publicAnswers, ResponseStatuses adminAnswers, FlowOutcomes flowOutcomes) {
  }

  private static final PortcullisConfig.ServerLimits DEFAULT_LIMITS =
      new PortcullisConfig.ServerLimits(null, null, null, null, null);

  private IdentityRole(Pool pool, PasswordService passwords, Routes routes, OutboxRelay relay, Janitor janitor,
      CourierService courier, Providers providers) {
    this.courier = courier;
    this.janitor = janitor;
    this.providers = providers;
    this.pool = pool;
    this.passwords = passwords;
    this.routes = routes;
    this.relay = relay;
  }

  /**
   * As {@link #start(Vertx, IdentityConfig, SessionsConfig.Revocations, String, String, int,
   * PortcullisConfig.ServerLimits)}: revocations on the event bus only, no audit topic, every limit at its default.
   */
  public static Future<IdentityRole> start(Vertx vertx, IdentityConfig config, int instances) {
    return start(vertx, config, new SessionsConfig.Revocations(null, null, null, null), null,
        new PortcullisConfig.Audit(null, null, null, null, null, null).eventSource(), instances, null);
  }

  /**
   * Builds everything, applies migrations, deploys {@code instances} verticles and the outbox relay; completes once
   * both ports listen.
   *
   * @param revocations where the relay publishes session revocations (Kafka, when its bootstrap servers are set)
   * @param auditTopic where the relay also publishes every identity event, or null
   * @param eventSource the CloudEvents {@code source} of the node's events ({@code portcullis.audit.source})
   * @param limits {@code portcullis.servers} (header, line and body limits, slow headers, certificate reloads)
   * @param meters where the role's metrics go, named with {@code metricPrefix} (docs/observability.md)
   */
  public static Future<IdentityRole> start(Vertx vertx, IdentityConfig config, SessionsConfig.Revocations revocations,
      String auditTopic, String eventSource, int instances, PortcullisConfig.ServerLimits limits,
      MeterRegistry meters, String metricPrefix) {
    return start(vertx, config, revocations, auditTopic, eventSource, instances, null, limits, meters, metricPrefix);
  }

  /** As above with every limit at its default and metrics nobody reads; {@code mail} as below. */
  public static Future<IdentityRole> start(Vertx vertx, IdentityConfig config, SessionsConfig.Revocations revocations,
      String auditTopic, String eventSource, int instances, Courier mail) {
    return start(vertx, config, revocations, auditTopic, eventSource, instances, mail, DEFAULT_LIMITS,
        new SimpleMeterRegistry(), "");
  }

  /**
   * As above; {@code mail} replaces the courier's queue the flows hand their letters to (tests that read letters
   * without a mail server), null for the configured courier.
   */
  public static Future<IdentityRole> start(Vertx vertx, IdentityConfig config, SessionsConfig.Revocations revocations,
      String auditTopic, String eventSource, int instances, Courier mail, PortcullisConfig.ServerLimits limits,
      MeterRegistry meters, String metricPrefix) {
    UnimplementedKeys.check(config, LOG);
    warnAboutWeakSecrets(config);
    IdentitySchemas schemas = schemas(config);
    // The courier: templates are read here; flows queue mail with courier.courier(); delivery starts below.
    CourierService courier = CourierService.create(vertx, config.courier());
    Pool pool = Database.open(vertx, config.dsn(), Math.max(8, instances * 4));
    PasswordService passwords = new PasswordService(vertx, hashing(config));
    String publicBase = ListenerUrls.baseUrl(config.serve().publicApi());
    String adminBase = ListenerUrls.baseUrl(config.serve().admin());
    KratosJson json = new KratosJson(publicBase);
    IdentityStore identityStore = new IdentityStore();
    Outbox outbox = new Outbox();
    Duration lifespan = Durations.parse("portcullis.identity.session.lifespan", config.session().lifespan());
    SessionService sessions = new SessionService(pool, new SessionStore(), identityStore, outbox, Clock.systemUTC(),
        lifespan);
    sessions.onRevocationCommitted(data -> vertx.eventBus().publish(
        io.portcullis.contracts.Addresses.SESSION_REVOKED, data));
    IdentityService identities = new IdentityService(pool, identityStore, outbox, schemas, passwords, sessions);
    SelfService selfService = new SelfService(config, publicBase);
    FlowStore flowStore = new FlowStore();
    HookRegistry hookRegistry = HookRegistry.withBuiltIns(new HookServices(vertx, sessions, identities, outbox, json,
        config.clients()));
    // Flows that bring their own hooks register them here, before the runner builds every configured hook.
    HookRunner hooks;
    try {
      hooks = HookRunner.of(config, hookRegistry);
    } catch (RuntimeException e) {
      return pool.close().transform(x -> Future.failedFuture(e));
    }
    FlowAttempts attempts = FlowAttempts.of(vertx, config.rateLimits(), pool, outbox, Clock.systemUTC(),
        meters, metricPrefix);
    FlowKit kit = FlowKit.create(pool, flowStore, selfService, json, hooks, attempts);
    Janitor janitor = new Janitor(vertx, pool, Duration.ofDays(30));
    PasswordPolicy policy = new PasswordPolicy(policy(config), passwords.hasher().config());
    SessionsApi sessionsApi = new SessionsApi(sessions, json, selfService.sessionCookieName(), adminBase,
        extending(config, lifespan), selfService.aalPolicy());
    TokenCipher cipher = new TokenCipher(config.secrets().cipher());
    Providers providers = providers(vertx, config, cipher);
    String jsonnet = Jsonnet.findOnPath();
    OidcStrategy oidc = new OidcStrategy(kit, providers, new ClaimsMapper(vertx, providers.http(),
        jsonnet == null ? null : new Jsonnet(jsonnet, Duration.ofSeconds(5)), Clock.systemUTC()), identities, sessions,
        cipher);
    WebAuthnScript webauthnScript = new WebAuthnScript(selfService.selfPublicUrl());
    LoginHandler login = new LoginHandler(kit, identities, sessions, passwords, outbox, oidc,
        new WebAuthnLogin(kit, identities, webauthnScript));
    Courier letters = mail != null ? mail : courier.courier();
    OneTimeStore oneTime = new OneTimeStore(new OneTimeSecrets(secrets(config)));
    Verification verification = Verification.create(kit, identityStore, letters, oneTime);
    RegistrationHandler registration = new RegistrationHandler(kit, identities, sessions, passwords, policy,
        verification.verifier(), oidc);
    SettingsHandler settings = new SettingsHandler(kit, identities, sessionsApi, passwords, policy,
        verification.verifier(), oidc, sessions, new WebAuthnSettings(selfService, identities, webauthnScript));
    oidc.connect(login, registration, settings);
    Recovery recovery = Recovery.create(kit, identityStore, sessions, settings, outbox, letters, oneTime,
        adminBase);
    LogoutHandler logout = new LogoutHandler(kit, sessions, sessionsApi);
    ErrorFlowHandler errors = new ErrorFlowHandler(pool, selfService);
    Pages pages = new Pages(kit, List.of(new LoginPage(login, selfService),
        new RegistrationPage(registration, selfService), new SettingsPage(settings, logout, selfService),
        new RecoveryPage(recovery.flow(), selfService), new VerificationPage(verification.flow(), selfService)),
        logout, sessionsApi, sessions, errors);
    Routes routes = new Routes(config, sessionsApi, new IdentitiesApi(identities, json, adminBase, cipher),
        List.of(login, registration, settings, logout, errors, oidc, recovery.flow(), verification.flow(),
            webauthnScript),
        List.of(recovery.admin()), schemas, pool, errors, pages,
        new CourierApi(pool, courier.store(), adminBase, config.dev()), new RateLimitsApi(attempts), limits,
        new ResponseStatuses(meters, metricPrefix, "public"), new ResponseStatuses(meters, metricPrefix, "admin"),
        new FlowOutcomes(meters, metricPrefix));
    OutboxRelay relay = new OutboxRelay(vertx, pool, Database.parse(config.dsn()), revocations.bootstrapServers(),
        revocations.topic(), auditTopic, eventSource);
    IdentityRole role = new IdentityRole(pool, passwords, routes, relay, janitor, courier, providers);
    return Migrations.apply(pool)
        .compose(n -> vertx.deployVerticle(() -> new IdentityVerticle(routes),
            new DeploymentOptions().setInstances(instances)))
        .compose(id -> vertx.deployVerticle(new io.vertx.core.VerticleBase() {
          @Override
          public Future<?> start() {
            return relay.start();
          }
        }))
        .compose(id -> courier.start(pool, Database.parse(config.dsn())))
        .map(id -> {
          janitor.start(Duration.ofMinutes(10));
          LOG.info("identity service: public :{} ({}), admin :{}", config.serve().publicApi().port(), publicBase,
              config.serve().admin().port());
          return role;
        })
        .recover(t -> role.close().transform(x -> Future.failedFuture(t)));
  }

  public Pool pool() {
    return pool;
  }

  /** Where the identity role's flows queue mail. */
  public io.portcullis.identity.courier.Courier courier() {
    return courier.courier();
  }

  public Future<Void> close() {
    janitor.stop();
    passwords.close();
    providers.close();
    return courier.stop().compose(x -> relay.close()).compose(x -> pool.close());
  }

  /**
   * The providers of {@code selfservice.methods.oidc} when the method is enabled (none otherwise), with what they
   * cannot do without said at start: no {@code jsonnet} command, no cipher secret for the provider tokens.
   */
  static Providers providers(Vertx vertx, IdentityConfig config, TokenCipher cipher) {
    IdentityConfig.Method method = config.selfservice().method(OidcStrategy.METHOD);
    OidcConfig oidc = method.enabled() ? OidcConfig.of(method) : new OidcConfig(null, null);
    if (method.enabled() && !oidc.providers().isEmpty()) {
      if (Jsonnet.findOnPath() == null) {
        LOG.error("portcullis.identity.selfservice.methods.oidc: the jsonnet command is not installed; sign-ups "
            + "through a provider fail until it is (Debian's package jsonnet)");
      }
      if (!cipher.enabled()) {
        LOG.warn("portcullis.identity.secrets.cipher: no secret of 32 characters; the tokens providers issue are not "
            + "kept with OpenID Connect credentials (include_credential=oidc shows them empty)");
      }
    }
    return new Providers(vertx, oidc, Clock.systemUTC(), Providers.Endpoints.DEFAULT);
  }

  static IdentitySchemas schemas(IdentityConfig config) {
    if (config.identity().schemas().isEmpty()) {
      return new IdentitySchemas(SchemaLoader.DEFAULT_ID, List.of(SchemaLoader.builtIn()));
    }
    Map<String, String> sources = new LinkedHashMap<>();
    config.identity().schemas().forEach(s -> sources.put(s.id(), s.url()));
    return SchemaLoader.loadAll(config.identity().defaultSchemaId(), sources);
  }

  /** {@code session.earliest_possible_extend} (Kratos' default: the lifespan) and the 204 feature flag. */
  static SessionsApi.Extending extending(IdentityConfig config, Duration lifespan) {
    String window = config.session().earliestPossibleExtend();
    var flag = config.featureFlags() == null ? null : config.featureFlags().get("faster_session_extend");
    return new SessionsApi.Extending(window.isEmpty() ? lifespan
        : Durations.parse("portcullis.identity.session.earliest_possible_extend", window),
        flag != null && flag.asBoolean(false));
  }

  static HashingConfig hashing(IdentityConfig config) {
    IdentityConfig.Hashers h = config.hashers();
    IdentityConfig.Argon2 a = h.argon2();
    Argon2Params d = Argon2Params.DEFAULT;
    Argon2Params argon2 = new Argon2Params(
        a.memory() == null ? d.memoryKiB() : (int) (Sizes.parse("portcullis.identity.hashers.argon2.memory",
            a.memory()) / 1024),
        a.iterations() == null ? d.iterations() : a.iterations(),
        a.parallelism() == null ? d.parallelism() : a.parallelism(),
        a.saltLength() == null ? d.saltLength() : a.saltLength(),
        a.keyLength() == null ? d.keyLength() : a.keyLength());
    BcryptParams bcrypt = h.bcrypt().cost() == null ? BcryptParams.DEFAULT : new BcryptParams(h.bcrypt().cost());
    return new HashingConfig(HashingConfig.Algorithm.fromConfig(h.algorithm()), argon2, bcrypt);
  }

  static PasswordPolicyConfig policy(IdentityConfig config) {
    Map<String, Object> c = config.selfservice().method("password").config();
    PasswordPolicyConfig d = PasswordPolicyConfig.DEFAULT;
    return new PasswordPolicyConfig(
        c.get("min_password_length") instanceof Number n ? n.intValue() : d.minPasswordLength(),
        c.get("identifier_similarity_check_enabled") instanceof Boolean b ? b : d.identifierSimilarityCheckEnabled(),
        c.get("haveibeenpwned_enabled") instanceof Boolean b ? b : d.haveIBeenPwnedEnabled(),
        d.maxPasswordBytes());
  }

  /** The keys one-time codes and link tokens are hashed with: {@code secrets.cookie}, else {@code secrets.default}. */
  static List<String> secrets(IdentityConfig config) {
    return config.secrets().cookie().isEmpty() ? config.secrets().defaults() : config.secrets().cookie();
  }

  private static void warnAboutWeakSecrets(IdentityConfig config) {
    boolean mails = config.selfservice().flows().recovery().enabledOr(false)
        || config.selfservice().flows().verification().enabledOr(false);
    if (mails && secrets(config).isEmpty()) {
      LOG.warn("portcullis.identity.secrets: none configured, so recovery and verification codes are stored with a "
          + "hash anyone holding the database can reverse; set secrets.default (or secrets.cookie)");
    }
  }
}

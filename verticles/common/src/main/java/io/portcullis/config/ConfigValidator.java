package io.portcullis.config;

import java.util.Set;

/** Checks values the binder cannot: ranges, enumerations, durations, repository URLs. */
final class ConfigValidator {
  private static final Set<String> LOG_LEVELS = Set.of("trace", "debug", "info", "warn", "warning", "error", "fatal",
      "panic");

  private ConfigValidator() {
  }

  static void validate(PortcullisConfig c) {
    port("serve.proxy.port", c.serve().proxy().port());
    port("serve.api.port", c.serve().api().port());
    port("serve.prometheus.port", c.serve().prometheus().port());
    timeouts("serve.proxy.timeout", c.serve().proxy().timeout());
    timeouts("serve.api.timeout", c.serve().api().timeout());
    tls("serve.proxy.tls", c.serve().proxy().tls());
    tls("serve.api.tls", c.serve().api().tls());
    if (!c.serve().prometheus().metricsPath().startsWith("/")) {
      throw new InvalidConfigException("serve.prometheus.metrics_path",
          "\"" + c.serve().prometheus().metricsPath() + "\" must start with /");
    }
    oneOf("portcullis.transport", c.portcullis().transport(), Set.of("auto", "io_uring", "epoll", "nio"));
    oneOf("access_rules.matching_strategy", c.accessRules().matchingStrategy(), Set.of("regexp", "glob"));
    for (int i = 0; i < c.accessRules().repositories().size(); i++) {
      RuleRepository.parse("access_rules.repositories[" + i + "]", c.accessRules().repositories().get(i));
    }
    if (c.errors().fallback().isEmpty()) {
      throw new InvalidConfigException("errors.fallback", "must name at least one error handler, e.g. [json]");
    }
    oneOf("log.level", c.log().level().toLowerCase(), LOG_LEVELS);
    oneOf("log.format", c.log().format(), Set.of("text", "json"));
    tracing(c.tracing());
    oneOf("portcullis.proxy.encoded_slash", c.portcullis().proxy().encodedSlash(), Set.of("reject", "decode"));
    if (c.portcullis().proxy().instances() < 0) {
      throw new InvalidConfigException("portcullis.proxy.instances", "must be 0 (one per event loop) or more");
    }
    if (c.portcullis().proxy().upstreamMaxConnections() < 1) {
      throw new InvalidConfigException("portcullis.proxy.upstream_max_connections", "must be at least 1");
    }
    Durations.parse("portcullis.proxy.upstream_connect_timeout", c.portcullis().proxy().upstreamConnectTimeout());
    Durations.parse("portcullis.proxy.upstream_response_timeout", c.portcullis().proxy().upstreamResponseTimeout());
    rateLimits(c.portcullis().proxy().rateLimits());
    Durations.parse("portcullis.rules.reload_interval", c.portcullis().rules().reloadInterval());
    Durations.parse("portcullis.plugins.handler_timeout", c.portcullis().plugins().handlerTimeout());
    Durations.parse("portcullis.plugins.blocked_threshold", c.portcullis().plugins().blockedThreshold());
    audit(c.portcullis().audit());
    servers(c.portcullis().servers());
    tls("portcullis.identity.serve.public.tls", c.portcullis().identity().serve().publicApi().tls());
    tls("portcullis.identity.serve.admin.tls", c.portcullis().identity().serve().admin().tls());
    IdentityConfigValidator.validate(c.portcullis().identity());
    sessions(c.portcullis().sessions(), c.portcullis().identity());
    ClusterConfigValidator.validate(c.portcullis());
  }

  private static void tracing(TracingConfig t) {
    if (!t.provider().isEmpty()) {
      oneOf("tracing.provider", t.provider(), Set.of("otel", "jaeger", "zipkin"));
    }
    TracingConfig.Otlp otlp = t.providers().otlp();
    oneOf("tracing.providers.otlp.protocol", otlp.protocol(), Set.of("http", "grpc"));
    double ratio = otlp.sampling().samplingRatio();
    if (!(ratio >= 0 && ratio <= 1)) {
      throw new InvalidConfigException("tracing.providers.otlp.sampling.sampling_ratio", ratio
          + " is not a ratio: expected 0 (only callers' sampled traces) to 1 (every request)");
    }
    if (t.exports()) {
      if (otlp.serverUrl().isBlank()) {
        throw new InvalidConfigException("tracing.providers.otlp.server_url", "is required with provider otel: the "
            + "collector's OTLP host:port, e.g. otel-collector:4318 (HTTP) or otel-collector:4317 (grpc)");
      }
      try {
        java.net.URI uri = java.net.URI.create(otlp.endpoint());
        if (uri.getHost() == null || uri.getPort() < 0 && !otlp.serverUrl().contains("://")) {
          throw new IllegalArgumentException("no host:port");
        }
      } catch (IllegalArgumentException e) {
        throw new InvalidConfigException("tracing.providers.otlp.server_url", "\"" + otlp.serverUrl()
            + "\" is not host:port or an http(s) URL, e.g. otel-collector:4318");
      }
    }
  }

  private static void audit(PortcullisConfig.Audit a) {
    if (a.enabled() && a.bootstrapServers().isBlank()) {
      throw new InvalidConfigException("portcullis.audit.bootstrap_servers", "is required when portcullis.audit.enabled is "
          + "true, e.g. kafka-0.kafka:9092");
    }
    if (a.topic().isBlank() || !a.topic().matches("[a-zA-Z0-9._-]{1,249}")) {
      throw new InvalidConfigException("portcullis.audit.topic", "\"" + a.topic() + "\" is not a Kafka topic name");
    }
    oneOf("portcullis.audit.compression", a.compression(), Set.of("none", "lz4", "zstd", "snappy", "gzip"));
    long max = Sizes.parse("portcullis.audit.spool.max_bytes", a.spool().maxBytes());
    long segment = Sizes.parse("portcullis.audit.spool.segment_bytes", a.spool().segmentBytes());
    if (segment > max) {
      throw new InvalidConfigException("portcullis.audit.spool.segment_bytes", "must not exceed max_bytes");
    }
    oneOf("portcullis.audit.spool.fsync", a.spool().fsync(), Set.of("always", "interval", "never"));
    Durations.parse("portcullis.audit.spool.fsync_interval", a.spool().fsyncInterval());
    oneOf("portcullis.audit.spool.when_full", a.spool().whenFull(), Set.of("deny_requests", "drop"));
  }

  private static void rateLimits(java.util.List<PortcullisConfig.RateLimit> limits) {
    for (int i = 0; i < limits.size(); i++) {
      String path = "portcullis.proxy.rate_limits[" + i + "]";
      PortcullisConfig.RateLimit l = limits.get(i);
      if (l.rule().isBlank()) {
        throw new InvalidConfigException(path + ".rule", "is required: the id of a rule, or a glob such as \"admin-*\"");
      }
      Double rate = l.requestsPerSecond();
      if (rate == null || !(rate > 0) || rate > 1_000_000) {
        throw new InvalidConfigException(path + ".requests_per_second", rate + " is not a rate: expected a number of "
            + "requests per second above 0 and at most 1000000, e.g. 5 or 0.5");
      }
      if (l.burst() < 1 || l.burst() > 1_000_000) {
        throw new InvalidConfigException(path + ".burst", l.burst() + " is not a burst: expected 1 to 1000000 requests");
      }
      oneOf(path + ".key", l.key(), Set.of("client_address", "subject", "rule"));
      if (l.maxKeys() < 1) {
        throw new InvalidConfigException(path + ".max_keys", l.maxKeys() + " is not a bound: expected 1 or more");
      }
    }
  }

  private static void servers(PortcullisConfig.ServerLimits s) {
    intSize("portcullis.servers.max_header_bytes", s.maxHeaderBytes());
    intSize("portcullis.servers.max_request_line_bytes", s.maxRequestLineBytes());
    intSize("portcullis.servers.max_body_bytes", s.maxBodyBytes());
    if (Durations.parse("portcullis.servers.header_read_timeout", s.headerReadTimeout()).isZero()) {
      throw new InvalidConfigException("portcullis.servers.header_read_timeout", "must be more than 0s: without it a "
          + "client that sends its headers a byte at a time holds a connection forever");
    }
    Durations.parse("portcullis.servers.tls_reload_interval", s.tlsReloadInterval());
  }

  /** A size that must fit the int Vert.x takes. */
  private static void intSize(String path, String size) {
    if (Sizes.parse(path, size) > Integer.MAX_VALUE) {
      throw new InvalidConfigException(path, "\"" + size + "\" is too large: at most 2GiB - 1");
    }
  }

  private static void sessions(SessionsConfig s, IdentityConfig identity) {
    oneOf("portcullis.sessions.source", s.source(), Set.of("auto", "database", "http"));
    if (s.enabled() && s.source().equals("database") && identity.dsn().isBlank()) {
      throw new InvalidConfigException("portcullis.sessions.source", "\"database\" needs portcullis.identity.dsn (the "
          + "identity database to read sessions from); use http to check sessions at their URL");
    }
    if (s.cache().maxEntries() < 0) {
      throw new InvalidConfigException("portcullis.sessions.cache.max_entries", "must be 0 or more");
    }
    Durations.parse("portcullis.sessions.cache.max_lifetime", s.cache().maxLifetime());
    Durations.parse("portcullis.sessions.revocations.replay_window", s.revocations().replayWindow());
    Durations.parse("portcullis.sessions.revocations.max_lag", s.revocations().maxLag());
  }

  static void port(String path, int port) {
    if (port < 0 || port > 65535) {
      throw new InvalidConfigException(path, port + " is not a port: expected 1 to 65535 (0 picks a free one)");
    }
  }

  private static void timeouts(String path, PortcullisConfig.Timeout t) {
    Durations.parse(path + ".read", t.read());
    Durations.parse(path + ".write", t.write());
    Durations.parse(path + ".idle", t.idle());
  }

  private static void tls(String path, PortcullisConfig.Tls tls) {
    if (tls == null) {
      return;
    }
    if (tls.cert() == null || tls.key() == null) {
      throw new InvalidConfigException(path, "needs both cert and key (each with path or base64)");
    }
    source(path + ".cert", tls.cert());
    source(path + ".key", tls.key());
  }

  private static void source(String path, PortcullisConfig.TlsSource s) {
    if ((s.path() == null) == (s.base64() == null)) {
      throw new InvalidConfigException(path, "set exactly one of path and base64");
    }
  }

  static void oneOf(String path, String value, Set<String> allowed) {
    if (!allowed.contains(value)) {
      throw new InvalidConfigException(path, "\"" + value + "\" is not one of " + new java.util.TreeSet<>(allowed));
    }
  }
}

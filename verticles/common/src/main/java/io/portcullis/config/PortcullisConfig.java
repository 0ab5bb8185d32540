package io.portcullis.config;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.util.List;
import java.util.Map;

/**
 * The whole configuration: Oathkeeper's layout (so an existing {@code oathkeeper.yml} loads as it is) with
 * Portcullis' own keys under {@code portcullis}. Every key has a default; {@link ConfigLoader} fills them in, rejects
 * unknown keys and checks values, always naming the key's path.
 */
public record PortcullisConfig(
    Serve serve,
    AccessRules accessRules,
    Map<String, HandlerSwitch> authenticators,
    Map<String, HandlerSwitch> authorizers,
    Map<String, HandlerSwitch> mutators,
    Errors errors,
    Log log,
    TracingConfig tracing,
    String profiling,
    String version,
    Portcullis portcullis) {

  public PortcullisConfig {
    serve = serve == null ? new Serve(null, null, null) : serve;
    accessRules = accessRules == null ? new AccessRules(null, null) : accessRules;
    authenticators = authenticators == null ? Map.of() : Map.copyOf(authenticators);
    authorizers = authorizers == null ? Map.of() : Map.copyOf(authorizers);
    mutators = mutators == null ? Map.of() : Map.copyOf(mutators);
    errors = errors == null ? new Errors(null, null) : errors;
    log = log == null ? new Log(null, null, null, null) : log;
    tracing = tracing == null ? TracingConfig.off() : tracing;
    portcullis = portcullis == null ? new Portcullis(null, null, null, null, null, null, null, null, null, null)
        : portcullis;
  }

  public static PortcullisConfig defaults() {
    return new PortcullisConfig(null, null, null, null, null, null, null, null, null, null, null);
  }

  public record Serve(ProxyServe proxy, ApiServe api, Prometheus prometheus) {
    public Serve {
      proxy = proxy == null ? new ProxyServe(null, null, null, null, null, null) : proxy;
      api = api == null ? new ApiServe(null, null, null, null, null) : api;
      prometheus = prometheus == null ? new Prometheus(null, null, null, null, null, null) : prometheus;
    }
  }

  public record ProxyServe(Integer port, String host, Boolean trustForwardedHeaders, Timeout timeout, Cors cors,
      Tls tls) {
    public ProxyServe {
      port = port == null ? 4455 : port;
      host = host == null ? "" : host;
      trustForwardedHeaders = trustForwardedHeaders != null && trustForwardedHeaders;
      timeout = timeout == null ? new Timeout(null, null, null) : timeout;
      cors = cors == null ? Cors.disabled() : cors;
    }
  }

  public record ApiServe(Integer port, String host, Timeout timeout, Cors cors, Tls tls) {
    public ApiServe {
      port = port == null ? 4456 : port;
      host = host == null ? "" : host;
      timeout = timeout == null ? new Timeout(null, null, null) : timeout;
      cors = cors == null ? Cors.disabled() : cors;
    }
  }

  public record Prometheus(Integer port, String host, String metricsPath, String metricNamePrefix,
      Boolean hideRequestPaths, Boolean collapseRequestPaths) {
    public Prometheus {
      port = port == null ? 9000 : port;
      host = host == null ? "" : host;
      metricsPath = metricsPath == null ? "/metrics" : metricsPath;
      metricNamePrefix = metricNamePrefix == null ? "portcullis_" : metricNamePrefix;
      hideRequestPaths = hideRequestPaths != null && hideRequestPaths;
      collapseRequestPaths = collapseRequestPaths == null || collapseRequestPaths;
    }
  }

  /** Go-style durations ("5s", "60m"); idle also bounds keep-alive connections. */
  public record Timeout(String read, String write, String idle) {
    public Timeout {
      read = read == null ? "5s" : read;
      write = write == null ? "120s" : write;
      idle = idle == null ? "120s" : idle;
    }
  }

  public record Cors(Boolean enabled, List<String> allowedOrigins, List<String> allowedMethods,
      List<String> allowedHeaders, List<String> exposedHeaders, Boolean allowCredentials, Integer maxAge,
      Boolean debug) {
    public Cors {
      enabled = enabled != null && enabled;
      allowedOrigins = allowedOrigins == null ? List.of("*") : List.copyOf(allowedOrigins);
      allowedMethods = allowedMethods == null ? List.of("GET", "POST", "PUT", "PATCH", "DELETE") : List.copyOf(allowedMethods);
      allowedHeaders = allowedHeaders == null
          ? List.of("Authorization", "Content-Type") : List.copyOf(allowedHeaders);
      exposedHeaders = exposedHeaders == null ? List.of("Content-Type") : List.copyOf(exposedHeaders);
      allowCredentials = allowCredentials != null && allowCredentials;
      maxAge = maxAge == null ? 0 : maxAge;
      debug = debug != null && debug;
    }

    public static Cors disabled() {
      return new Cors(false, null, null, null, null, null, null, null);
    }
  }

  public record Tls(TlsSource key, TlsSource cert) {
  }

  public record TlsSource(String path, String base64) {
  }

  public record AccessRules(List<String> repositories, String matchingStrategy) {
    public AccessRules {
      repositories = repositories == null ? List.of() : List.copyOf(repositories);
      matchingStrategy = matchingStrategy == null ? "regexp" : matchingStrategy;
    }
  }

  /** A handler's switch and global config, as Oathkeeper writes them: disabled unless enabled. */
  public record HandlerSwitch(Boolean enabled, Map<String, Object> config) {
    public HandlerSwitch {
      enabled = enabled != null && enabled;
      config = config == null ? Map.of() : config;
    }
  }

  public record Errors(List<String> fallback, Map<String, HandlerSwitch> handlers) {
    public Errors {
      fallback = fallback == null ? List.of("json") : List.copyOf(fallback);
      handlers = handlers == null ? Map.of() : Map.copyOf(handlers);
    }

    /** {@code json} is enabled unless switched off, as in Oathkeeper, so there is always a way to answer. */
    public HandlerSwitch handler(String id) {
      HandlerSwitch s = handlers.get(id);
      if (s == null && id.equals("json")) {
        return new HandlerSwitch(true, null);
      }
      return s == null ? new HandlerSwitch(false, null) : s;
    }
  }

  public record Log(String level, String format, Boolean leakSensitiveValues, String redactionText) {
    public Log {
      level = level == null ? "info" : level;
      format = format == null ? "text" : format;
      leakSensitiveValues = leakSensitiveValues != null && leakSensitiveValues;
      redactionText = redactionText == null ? "" : redactionText;
    }
  }

  /**
   * Portcullis' own keys, beside Oathkeeper's.
   *
   * @param roles the roles this process runs ({@link Role}); a single string is taken as a one-entry list, so
   *     {@code PORTCULLIS_PORTCULLIS_ROLES=edge,rules} works as well as {@code [edge, rules]}
   */
  public record Portcullis(String transport, ProxyTuning proxy, RuleLoading rules, Plugins plugins, Audit audit,
      IdentityConfig identity, SessionsConfig sessions,
      @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> roles, ClusterConfig cluster,
      ServerLimits servers) {
    public Portcullis {
      roles = roles == null ? Role.ALL : List.copyOf(roles);
      cluster = cluster == null ? new ClusterConfig(null, null, null, null, null) : cluster;
      servers = servers == null ? new ServerLimits(null, null, null, null, null) : servers;
      transport = transport == null ? "auto" : transport;
      proxy = proxy == null ? new ProxyTuning(null, null, null, null, null, null) : proxy;
      rules = rules == null ? new RuleLoading(null) : rules;
      plugins = plugins == null ? new Plugins(null, null, null) : plugins;
      audit = audit == null ? new Audit(null, null, null, null, null, null) : audit;
      identity = identity == null ? new IdentityConfig(null, null, null, null, null, null, null, null, null, null, null,
          null, null, null, null, null, null) : identity;
      sessions = sessions == null ? new SessionsConfig(null, null, null, null) : sessions;
    }

    /** The roles named by {@code roles}, aliases expanded. */
    public java.util.Set<Role> roleSet() {
      return Role.parse(roles);
    }

    /**
     * The revocation topic's settings in force: {@code sessions.revocations}, with the audit stream's brokers when it
     * names none and audit is on. The identity role publishes and every node's session role reads with these.
     */
    public SessionsConfig.Revocations revocations() {
      SessionsConfig.Revocations r = sessions.revocations();
      if (!r.bootstrapServers().isBlank() || !audit.enabled()) {
        return r;
      }
      return new SessionsConfig.Revocations(audit.bootstrapServers(), r.topic(), r.replayWindow(), r.maxLag());
    }
  }

  /**
   * The audit stream: every access decision (and identity event) as a CloudEvent on a Kafka topic.
   *
   * @param bootstrapServers Kafka brokers, e.g. {@code kafka-0.kafka:9092}; required when enabled
   * @param source the CloudEvents {@code source} of this node's events; default {@code /portcullis/<host name>}
   */
  public record Audit(Boolean enabled, String bootstrapServers, String topic, String source, String compression,
      Spool spool) {
    public Audit {
      enabled = enabled != null && enabled;
      bootstrapServers = bootstrapServers == null ? "" : bootstrapServers;
      topic = topic == null ? "portcullis.audit" : topic;
      source = source == null ? "" : source;
      compression = compression == null ? "lz4" : compression;
      spool = spool == null ? new Spool(null, null, null, null, null, null) : spool;
    }

    /** The CloudEvents {@code source} of this node's events: {@code source}, or {@code /portcullis/<host name>}. */
    public String eventSource() {
      if (!source.isBlank()) {
        return source;
      }
      try {
        return "/portcullis/" + java.net.InetAddress.getLocalHost().getHostName();
      } catch (java.io.IOException e) {
        return "/portcullis/node";
      }
    }
  }

  /**
   * Where events wait while Kafka is unreachable or slow.
   *
   * @param whenFull {@code deny_requests} (default: no request is decided that cannot be audited) or {@code drop}
   *     (keep serving, count the lost events in {@code portcullis_audit_dropped_total})
   * @param fsync {@code always}, {@code interval} or {@code never}
   */
  public record Spool(String directory, String maxBytes, String segmentBytes, String fsync, String fsyncInterval,
      String whenFull) {
    public Spool {
      directory = directory == null ? "audit-spool" : directory;
      maxBytes = maxBytes == null ? "1GiB" : maxBytes;
      segmentBytes = segmentBytes == null ? "64MiB" : segmentBytes;
      fsync = fsync == null ? "interval" : fsync;
      fsyncInterval = fsyncInterval == null ? "1s" : fsyncInterval;
      whenFull = whenFull == null ? "deny_requests" : whenFull;
    }
  }

  /**
   * @param encodedSlash what a {@code %2F} or {@code %5C} in a path does: {@code reject} (400) or {@code decode}
   * @param instances proxy verticle instances; 0 means one per event loop (2 x cores)
   * @param upstreamResponseTimeout how long an upstream may take, once the request is sent, to begin its answer
   *     (504 after that); {@code 0s} waits as long as the client connection lasts
   * @param rateLimits request rates at the edge, by rule id (Oathkeeper's rule format has no place for them)
   */
  public record ProxyTuning(String encodedSlash, Integer instances, Integer upstreamMaxConnections,
      String upstreamConnectTimeout, String upstreamResponseTimeout, List<RateLimit> rateLimits) {
    public ProxyTuning {
      rateLimits = rateLimits == null ? List.of() : List.copyOf(rateLimits);
      encodedSlash = encodedSlash == null ? "reject" : encodedSlash;
      instances = instances == null ? 0 : instances;
      upstreamMaxConnections = upstreamMaxConnections == null ? 256 : upstreamMaxConnections;
      upstreamConnectTimeout = upstreamConnectTimeout == null ? "5s" : upstreamConnectTimeout;
      upstreamResponseTimeout = upstreamResponseTimeout == null ? "60s" : upstreamResponseTimeout;
    }
  }

  /**
   * One request rate at the edge (proxy and {@code /decisions}), as nginx's {@code limit_req}: a token bucket per key
   * that refills at {@code requestsPerSecond} and holds {@code burst} requests; a request finding it empty is answered
   * 429. Counted per node.
   *
   * @param rule the id of the rules it applies to; {@code *} matches any run of characters ({@code "admin-*"})
   * @param burst how many requests may arrive at once; default: the rate rounded up, at least 1
   * @param key what a bucket is kept for: {@code client_address} (default), {@code subject} or {@code rule}
   * @param maxKeys how many buckets (client addresses or subjects) one rule keeps at most; idle ones are dropped
   */
  public record RateLimit(String rule, Double requestsPerSecond, Integer burst, String key, Integer maxKeys) {
    public RateLimit {
      rule = rule == null ? "" : rule;
      burst = burst != null || requestsPerSecond == null ? burst
          : Integer.valueOf((int) Math.max(1, Math.ceil(requestsPerSecond)));
      key = key == null ? "client_address" : key;
      maxKeys = maxKeys == null ? 100_000 : maxKeys;
    }
  }

  /**
   * @param reloadInterval how often rule files are checked for changes, and how often a clustered node checks that it
   *     holds the set in force; "0s" disables both
   */
  public record RuleLoading(String reloadInterval) {
    public RuleLoading {
      reloadInterval = reloadInterval == null ? "2s" : reloadInterval;
    }

    public java.time.Duration interval() {
      return Durations.parse("portcullis.rules.reload_interval", reloadInterval);
    }
  }

  /**
   * @param directory where third-party plugin zips and jars are loaded from; missing is fine
   * @param handlerTimeout how long an asynchronous handler may take before the request is denied
   * @param blockedThreshold a handler that keeps the event loop longer than this in one call is treated as failed
   */
  public record Plugins(String directory, String handlerTimeout, String blockedThreshold) {
    public Plugins {
      directory = directory == null ? "plugins" : directory;
      handlerTimeout = handlerTimeout == null ? "10s" : handlerTimeout;
      blockedThreshold = blockedThreshold == null ? "500ms" : blockedThreshold;
    }
  }

  /**
   * What every HTTP server of the node (proxy, API, identity public and admin) accepts from a client, and how often
   * it looks for a renewed TLS certificate.
   *
   * @param maxHeaderBytes all request headers together; more is answered 431
   * @param maxRequestLineBytes the request line (method, target, version); more is answered 414
   * @param maxBodyBytes a request body the identity role reads; more is answered 413 (the proxy streams bodies)
   * @param headerReadTimeout how long a new connection may take to send its first request's headers before it is
   *     closed (slow-loris clients); Go's {@code ReadHeaderTimeout}, which Oathkeeper does not expose
   * @param tlsReloadInterval how often certificate and key files are checked for changes; "0s" disables reloading
   */
  public record ServerLimits(String maxHeaderBytes, String maxRequestLineBytes, String maxBodyBytes,
      String headerReadTimeout, String tlsReloadInterval) {
    public ServerLimits {
      maxHeaderBytes = maxHeaderBytes == null ? "8KiB" : maxHeaderBytes;
      maxRequestLineBytes = maxRequestLineBytes == null ? "8KiB" : maxRequestLineBytes;
      maxBodyBytes = maxBodyBytes == null ? "1MiB" : maxBodyBytes;
      headerReadTimeout = headerReadTimeout == null ? "10s" : headerReadTimeout;
      tlsReloadInterval = tlsReloadInterval == null ? "30s" : tlsReloadInterval;
    }
  }
}

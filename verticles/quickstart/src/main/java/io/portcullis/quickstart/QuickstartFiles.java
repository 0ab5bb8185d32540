package io.portcullis.quickstart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The quickstart's configuration and rules, in the formats an operator would write them, and the banner that says
 * what to try.
 */
final class QuickstartFiles {
  private QuickstartFiles() {
  }

  /** @param dsn the identity service's database; null leaves the identity service off */
  static Path write(Path home, Ports ports, String dsn) throws IOException {
    int upstreamPort = ports.upstream();
    Path rules = home.resolve("rules.yml");
    Files.writeString(rules, """
        # Edit me: Portcullis reloads this file within two seconds. An invalid change is refused and the
        # previous rules keep serving.
        - id: quickstart-public
          description: Anyone may read /public; the upstream learns who they are from X-User.
          match:
            url: http://<[^/]+>/public<(/.*)?>
            methods: [GET, HEAD]
          authenticators: [{handler: anonymous}]
          authorizer: {handler: allow}
          mutators:
            - handler: header
              config:
                headers:
                  X-User: "{{ print .Subject }}"
                  X-Requested-Path: "{{ printIndex .MatchContext.RegexpCaptureGroups 1 }}"
          upstream: {url: "http://127.0.0.1:%d"}
        - id: quickstart-admin
          description: Nobody gets to /admin through the proxy.
          match:
            url: http://<[^/]+>/admin<(/.*)?>
            methods: [GET, POST, PUT, PATCH, DELETE]
          authenticators: [{handler: anonymous}]
          authorizer: {handler: deny}
          mutators: [{handler: noop}]
          upstream: {url: "http://127.0.0.1:%d"}
        - id: quickstart-private
          description: /private needs credentials; without them the browser is asked for a password.
          match:
            url: http://<[^/]+>/private<(/.*)?>
            methods: [GET]
          authenticators: [{handler: unauthorized}]
          authorizer: {handler: allow}
          mutators: [{handler: noop}]
          errors: [{handler: www_authenticate, config: {realm: Portcullis quickstart}}]
          upstream: {url: "http://127.0.0.1:%d"}
        """.formatted(upstreamPort, upstreamPort, upstreamPort) + (dsn == null ? "" : appRule(ports)));
    Path config = home.resolve("portcullis.yml");
    Files.writeString(config, """
        # Oathkeeper's layout: an existing oathkeeper.yml works the same way.
        serve:
          proxy: {port: %d, host: 127.0.0.1}
          api: {port: %d, host: 127.0.0.1}
          prometheus: {port: %d, host: 127.0.0.1}
        access_rules:
          matching_strategy: regexp
          repositories: [file://rules.yml]
        authenticators:
          anonymous: {enabled: true, config: {subject: guest}}
          unauthorized: {enabled: true}
          %s
        authorizers:
          allow: {enabled: true}
          deny: {enabled: true}
        mutators:
          noop: {enabled: true}
          header: {enabled: true}
        errors:
          fallback: [json]
          handlers:
            json: {enabled: true, config: {verbose: true}}
            www_authenticate: {enabled: true}
            redirect: {enabled: true, config: {to: "%s/ui/login", return_to_query_param: return_to}}
        """.formatted(ports.proxy(), ports.api(), ports.metrics(), dsn == null ? "" : cookieSession(ports),
        ports.identityUrl())
        + (dsn == null ? "" : identity(ports, dsn)));
    return config;
  }

  /**
   * The browser story: /app needs a session of the identity service; without one the browser is sent to its login
   * page and, once signed in or registered, comes back to the page it asked for.
   */
  private static String appRule(Ports ports) {
    return """
        - id: quickstart-app
          description: /app needs a session; browsers without one are sent to sign in and come back.
          match:
            url: http://<[^/]+>/app<(/.*)?>
            methods: [GET]
          authenticators: [{handler: cookie_session}]
          authorizer: {handler: allow}
          mutators:
            - handler: header
              config:
                headers:
                  X-User: "{{ print .Subject }}"
                  X-Email: "{{ print .Extra.email }}"
          errors: [{handler: redirect}]   # to the login page with return_to (see errors.handlers.redirect)
          upstream: {url: "http://127.0.0.1:%d"}
        """.formatted(ports.upstream());
  }

  /** The session check of /app: the identity service's whoami, path kept, subject and traits from the identity. */
  private static String cookieSession(Ports ports) {
    return """
        cookie_session:
            enabled: true
            config:
              check_session_url: %s/sessions/whoami
              preserve_path: true
              subject_from: identity.id
              extra_from: identity.traits
              only: [ory_kratos_session]""".formatted(ports.identityUrl());
  }

  /** Kratos' keys under {@code portcullis.identity}: a kratos.yml moves in by indenting it. */
  private static String identity(Ports ports, String dsn) {
    return """
        portcullis:
          identity:
            enabled: true
            dsn: %s
            serve:
              public: {port: %d, host: 127.0.0.1}
              admin: {port: %d, host: 127.0.0.1}
            selfservice:
              default_browser_return_url: %s/public/hello
              allowed_return_urls: [%s]
              flows:
                registration:
                  after:
                    password:
                      hooks: [{hook: session}]   # log in right after registering
        """.formatted(dsn, ports.identity(), ports.identityAdmin(), ports.proxyUrl(), ports.proxyUrl());
  }

  /** @param demo the demo identity, or null when the identity service is off */
  static String banner(Path home, Ports ports, DemoIdentity.Credentials demo) {
    String proxy = ports.proxyUrl();
    int apiPort = ports.api();
    return """

        Portcullis quickstart is running.
          proxy     %s      (rules: %s)
          api       http://127.0.0.1:%d      (decisions, rules, health)
          metrics   http://127.0.0.1:%d/metrics
          upstream  http://127.0.0.1:%d      (a demo service with no authentication of its own)
        %s
        Try:
          curl -i %s/public/hello                # 200, the upstream echoes X-User: guest
          curl -i %s/admin                       # 403 JSON: the deny authorizer
          curl -i %s/private                     # 401 with WWW-Authenticate: Basic
          curl -i %s/nowhere                     # 404 JSON: no rule matches
          curl -i --path-as-is %s/public/../admin  # 403: the path is normalized before matching
          curl -i -H 'X-Forwarded-Uri: /public/x' http://127.0.0.1:%d/decisions   # forward auth: 200 + X-User
          curl -s http://127.0.0.1:%d/rules                                        # the rules in force
        %s
        Edit %s and watch it reload. Stop with Ctrl-C.
        """.formatted(proxy, home.resolve("rules.yml"), apiPort, ports.metrics(), ports.upstream(),
        demo == null ? "" : identityPorts(ports, demo), proxy, proxy, proxy, proxy, proxy, apiPort, apiPort,
        demo == null ? "" : identityTour(ports, demo), home.resolve("rules.yml"));
  }

  private static String identityPorts(Ports ports, DemoIdentity.Credentials demo) {
    return """
          identity  %s      (Kratos public API; admin API on %s)
          database  embedded PostgreSQL, data in the quickstart folder
          demo      %s / %s
        """.formatted(ports.identityUrl(), ports.identityAdminUrl(), demo.email(), demo.password());
  }

  /** Kratos' API flow with plain curl: no jq, so it runs anywhere. */
  private static String identityTour(Ports ports, DemoIdentity.Credentials demo) {
    String id = ports.identityUrl();
    return """

        Identity (API flow, as a native app would):
          flow=$(curl -s %s/self-service/login/api | grep -o '"id": *"[^"]*"' | head -1 | cut -d'"' -f4)
          token=$(curl -s -H 'Content-Type: application/json' "%s/self-service/login?flow=$flow" \\
            -d '{"method":"password","identifier":"%s","password":"%s"}' \\
            | grep -o '"session_token": *"[^"]*"' | cut -d'"' -f4)
          curl -s -H "X-Session-Token: $token" %s/sessions/whoami    # the demo identity
          curl -s %s/admin/identities                                 # admin API: every identity

        In a browser:
          open %s/app/              # sign in (or register), then you are back on /app with X-User
          open %s/ui/welcome        # who you are, your sessions, settings and sign out
        """.formatted(id, id, demo.email(), demo.password(), id, ports.identityAdminUrl(), ports.proxyUrl(), id);
  }
}

package io.portcullis.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The quickstart's configuration and rules, in the formats an operator would write them. */
final class QuickstartFiles {
  private QuickstartFiles() {
  }

  static Path write(Path home, int proxyPort, int apiPort, int metricsPort, int upstreamPort) throws IOException {
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
        """.formatted(upstreamPort, upstreamPort, upstreamPort));
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
        """.formatted(proxyPort, apiPort, metricsPort));
    return config;
  }

  static String banner(Path home, int proxyPort, int apiPort, int metricsPort, int upstreamPort) {
    String proxy = "http://127.0.0.1:" + proxyPort;
    return """

        Portcullis quickstart is running.
          proxy     %s      (rules: %s)
          api       http://127.0.0.1:%d      (decisions, rules, health)
          metrics   http://127.0.0.1:%d/metrics
          upstream  http://127.0.0.1:%d      (a demo service with no authentication of its own)

        Try:
          curl -i %s/public/hello                # 200, the upstream echoes X-User: guest
          curl -i %s/admin                       # 403 JSON: the deny authorizer
          curl -i %s/private                     # 401 with WWW-Authenticate: Basic
          curl -i %s/nowhere                     # 404 JSON: no rule matches
          curl -i --path-as-is %s/public/../admin  # 403: the path is normalized before matching
          curl -i -H 'X-Forwarded-Uri: /public/x' http://127.0.0.1:%d/decisions   # forward auth: 200 + X-User
          curl -s http://127.0.0.1:%d/rules                                        # the rules in force

        Edit %s and watch it reload. Stop with Ctrl-C.
        """.formatted(proxy, home.resolve("rules.yml"), apiPort, metricsPort, upstreamPort, proxy, proxy, proxy,
        proxy, proxy, apiPort, apiPort, home.resolve("rules.yml"));
  }
}

package io.portcullis.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded {@code portcullis.jar} as operators run it ({@code java -jar portcullis.jar serve}), after {@code package}:
 * the classes tests get from the module path but the jar could miss (a handler's library left out by a dependency's
 * scope made {@code serve} fail at start once) must be in it. A rule with the {@code jwt} authenticator makes the
 * built-in plugin load its JOSE library.
 */
class ServerJarIT {
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir
  Path dir;

  @Test
  void theShadedJarServesARuleWithABuiltInHandlerThatNeedsItsOwnLibrary() throws Exception {
    Path jar = Path.of("target", "portcullis.jar").toAbsolutePath();
    assumeTrue(Files.isRegularFile(jar), "target/portcullis.jar is built by the package phase");
    int proxy = FreePorts.next();
    int api = FreePorts.next();
    int metrics = FreePorts.next();
    Files.writeString(dir.resolve("jwks.json"), new JWKSet(new RSAKeyGenerator(2048).keyID("k1").generate())
        .toPublicJWKSet().toString());
    Files.writeString(dir.resolve("rules.yml"), """
        - id: jwt
          match: {url: "http://127.0.0.1:%d/<.*>", methods: [GET]}
          authenticators: [{handler: jwt}]
          authorizer: {handler: allow}
          mutators: [{handler: noop}]
          upstream: {url: "http://127.0.0.1:1"}
        """.formatted(proxy));
    Files.writeString(dir.resolve("portcullis.yml"), """
        serve:
          proxy: {port: %d, host: 127.0.0.1}
          api: {port: %d, host: 127.0.0.1}
          prometheus: {port: %d, host: 127.0.0.1}
        access_rules: {repositories: ["file://%s"]}
        authenticators: {jwt: {enabled: true, config: {jwks_urls: ["file://%s"]}}}
        authorizers: {allow: {enabled: true}}
        mutators: {noop: {enabled: true}}
        """.formatted(proxy, api, metrics, dir.resolve("rules.yml"), dir.resolve("jwks.json")));
    Path log = dir.resolve("portcullis.log");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
        "-jar", jar.toString(), "serve", "--config", dir.resolve("portcullis.yml").toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      int ready = 0;
      while (ready != 200 && p.isAlive() && System.nanoTime() < deadline) {
        ready = status("http://127.0.0.1:" + api + "/health/ready");
        if (ready != 200) {
          Thread.sleep(200);
        }
      }
      assertThat(ready).as("ready within 60 s; log:\n" + Files.readString(log)).isEqualTo(200);
      // A token that is not a JWT reaches the JOSE parser (without a token the authenticator is not responsible).
      assertThat(status("http://127.0.0.1:" + proxy + "/metrics", "Bearer not.a.jwt"))
          .as("the jwt authenticator parsed and refused the token; log:\n" + Files.readString(log)).isEqualTo(401);
    } finally {
      p.destroy();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }

  static int status(String url) {
    return status(url, null);
  }

  static int status(String url, String authorization) {
    HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET();
    if (authorization != null) {
      r.header("Authorization", authorization);
    }
    try {
      return HTTP.send(r.build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (java.io.IOException e) {
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }
}

package io.portcullis.gatling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

/**
 * Identities and sessions made up front, outside the measured load: identities through the admin API
 * ({@code POST /admin/identities}, the password in clear, hashed by the server), sessions through the two-step API
 * login flow. Emails carry a random run id, so runs against the same database do not collide.
 */
final class Sessions {
  record Identity(String email, String password) {}

  record Login(String token, String sessionId) {
    Map<String, Object> asFeed() {
      return Map.of("token", token, "sessionId", sessionId);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private static final int PARALLEL = 8;

  private Sessions() {}

  /** {@link Params#SESSIONS} logged-in sessions, read from {@link Params#SESSIONS_FILE} when it exists. */
  static List<Login> loggedIn() {
    Path file = Params.SESSIONS_FILE.isEmpty() ? null : Path.of(Params.SESSIONS_FILE);
    try {
      if (file != null && Files.isRegularFile(file)) {
        return Files.readAllLines(file).stream().filter(l -> !l.isBlank())
            .map(l -> l.split(" ", 2)).map(p -> new Login(p[0], p[1])).toList();
      }
      List<Login> logins = parallel(identities(Params.SESSIONS), Sessions::login);
      if (file != null) {
        Files.write(file, logins.stream().map(l -> l.token() + " " + l.sessionId()).toList());
      }
      return logins;
    } catch (IOException e) {
      throw new IllegalStateException("-DsessionsFile=" + file + ": " + e.getMessage(), e);
    }
  }

  /** {@code count} new identities with a password credential. */
  static List<Identity> identities(int count) {
    String run = UUID.randomUUID().toString().substring(0, 8);
    List<Identity> wanted = IntStream.range(0, count)
        .mapToObj(i -> new Identity("gatling-" + run + "-" + i + "@example.org", "Correct-Horse-" + i + "-Battery"))
        .toList();
    return parallel(wanted, Sessions::create);
  }

  private static Identity create(Identity identity) throws Exception {
    String body = JSON.writeValueAsString(Map.of("schema_id", "default", "traits", Map.of("email", identity.email()),
        "credentials", Map.of("password", Map.of("config", Map.of("password", identity.password())))));
    expect(201, "create identity " + identity.email(), send(post(Params.ADMIN_URL + "/admin/identities", body)));
    return identity;
  }

  private static Login login(Identity identity) throws Exception {
    JsonNode flow = expect(200, "login flow", send(HttpRequest.newBuilder(
        URI.create(Params.PUBLIC_URL + "/self-service/login/api")).header("Accept", "application/json").GET()));
    String body = JSON.writeValueAsString(
        Map.of("method", "password", "identifier", identity.email(), "password", identity.password()));
    JsonNode done = expect(200, "login " + identity.email(),
        send(post(Params.PUBLIC_URL + "/self-service/login?flow=" + flow.path("id").asText(), body)));
    return new Login(done.path("session_token").asText(), done.path("session").path("id").asText());
  }

  private static HttpRequest.Builder post(String url, String json) {
    return HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
        .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return CLIENT.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode expect(int status, String what, HttpResponse<String> answer) throws IOException {
    if (answer.statusCode() != status) {
      throw new IllegalStateException(what + ": expected " + status + ", got " + answer.statusCode() + " "
          + answer.body());
    }
    return JSON.readTree(answer.body());
  }

  private interface Step<I, O> {
    O apply(I in) throws Exception;
  }

  private static <I, O> List<O> parallel(List<I> inputs, Step<I, O> step) {
    ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
    try {
      List<Future<O>> futures = new ArrayList<>();
      for (I in : inputs) {
        futures.add(pool.submit(() -> step.apply(in)));
      }
      List<O> out = new ArrayList<>();
      for (Future<O> f : futures) {
        out.add(f.get());
      }
      return out;
    } catch (Exception e) {
      throw new IllegalStateException("setting up identities and sessions: " + e.getMessage(), e);
    } finally {
      pool.shutdownNow();
    }
  }
}

package io.portcullis.gatling;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.listFeeder;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Session;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Cookie-session traffic on the proxy while sessions are revoked through the admin API
 * ({@code DELETE /admin/sessions/{id}}, {@code revocationsPerSecond}). Every proxied answer is judged when it
 * arrives, and fails the run when it is
 * <ul>
 *   <li>a 200 for a request sent after that session was first denied (served after the revocation was visible),
 *   <li>a 200 for a request sent more than {@code revocationVisibleMs} after the revocation call returned,
 *   <li>a 401 for a session nobody revoked.
 * </ul>
 * At the end it prints how long revocations took to be seen (from the admin call's answer to the first denial).
 */
public class RevocationMixSimulation extends LoadSimulation {
  private static final long VISIBLE_NANOS = TimeUnit.MILLISECONDS.toNanos(Params.REVOCATION_VISIBLE_MS);
  /** Per session token, System.nanoTime() when its revocation was sent, answered, and first seen denied. */
  private final Map<String, Long> revoking = new ConcurrentHashMap<>();
  private final Map<String, Long> revoked = new ConcurrentHashMap<>();
  private final Map<String, Long> denied = new ConcurrentHashMap<>();

  public RevocationMixSimulation() {
    List<Map<String, Object>> sessions = Sessions.loggedIn().stream().map(Sessions.Login::asFeed).toList();
    long revocations = (long) Math.ceil(Params.REVOCATIONS_PER_SECOND * Params.DURATION.toSeconds());
    if (revocations >= sessions.size()) {
      throw new IllegalArgumentException("-Dsessions=" + sessions.size() + ": expected more than the " + revocations
          + " revocations of -DrevocationsPerSecond=" + Params.REVOCATIONS_PER_SECOND + " during -Dduration="
          + Params.DURATION.toSeconds());
    }
    PopulationBuilder traffic = load("traffic", prefix -> feed(listFeeder(sessions).random())
        .exec(session -> session.set("sentAt", System.nanoTime()))
        .exec(http(prefix + "proxy").get(Params.PATH).header("Cookie", "ory_kratos_session=#{token}")
            .check(status().transformWithSession(this::judge).in("served", "denied"))));
    PopulationBuilder revoker = scenario("revoker").feed(listFeeder(sessions.subList(0, (int) revocations)).queue())
        .exec(session -> {
          revoking.put(session.getString("token"), System.nanoTime());
          return session;
        })
        .exec(http("revoke").delete(Params.ADMIN_URL + "/admin/sessions/#{sessionId}").check(status().is(204)))
        .exec(session -> {
          revoked.put(session.getString("token"), System.nanoTime());
          return session;
        })
        .injectOpen(constantUsersPerSec(Params.REVOCATIONS_PER_SECOND).during(Params.DURATION));
    run(List.of(traffic, revoker));
  }

  /** The verdict on one proxied answer; anything but "served" or "denied" fails the request with the reason. */
  private String judge(Integer status, Session session) {
    String token = session.getString("token");
    long sent = session.getLong("sentAt");
    long now = System.nanoTime();
    if (status == 401) {
      if (!revoking.containsKey(token)) {
        return "401 for a session never revoked";
      }
      denied.putIfAbsent(token, now);
      return "denied";
    }
    if (status != 200) {
      return "status " + status;
    }
    Long firstDenied = denied.get(token);
    if (firstDenied != null && sent > firstDenied) {
      return "served " + millis(sent - firstDenied) + " ms after the session was first denied";
    }
    Long revokedAt = revoked.get(token);
    if (revokedAt != null && sent - revokedAt > VISIBLE_NANOS) {
      return "served " + millis(sent - revokedAt) + " ms after its revocation returned";
    }
    return "served";
  }

  @Override
  public void after() {
    List<Double> seen = new ArrayList<>();
    revoked.forEach((token, at) -> {
      Long d = denied.get(token);
      if (d != null) {
        seen.add(Math.max(0, millis(d - at)));
      }
    });
    Collections.sort(seen);
    System.out.printf("revocations: %d answered, %d seen denied by traffic; from the admin answer to the first denial:"
        + " p50 %.1f ms, max %.1f ms (0 = denied before the admin call returned)%n", revoked.size(), seen.size(),
        seen.isEmpty() ? 0 : seen.get(seen.size() / 2), seen.isEmpty() ? 0 : seen.get(seen.size() - 1));
  }

  private static double millis(long nanos) {
    return nanos / 1e6;
  }
}

package io.portcullis.gatling;

import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.listFeeder;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The proxy path with a cookie session: {@code sessions} sessions made up front (see {@link Sessions}), each request
 * carrying one of them, at random, in the {@code ory_kratos_session} cookie; every answer a 200. Sent as is to nginx
 * or the upstream too, so every target sees the same requests. With {@code -DdistinctCookies=true} every Cookie header
 * also carries a cookie of its own ({@code n=<counter>}): a new session check each time, which fills an edge's session
 * cache with as many entries as requests (use {@code -Drequests}).
 */
public class ProxySessionSimulation extends LoadSimulation {
  private static final boolean DISTINCT_COOKIES = Boolean.getBoolean("distinctCookies");

  public ProxySessionSimulation() {
    List<Map<String, Object>> sessions = Sessions.loggedIn().stream().map(Sessions.Login::asFeed).toList();
    AtomicLong counter = new AtomicLong();
    run(List.of(load("cookie session", prefix -> feed(listFeeder(sessions).random())
        .exec(session -> session.set("cookie", "ory_kratos_session=" + session.getString("token")
            + (DISTINCT_COOKIES ? "; n=" + counter.incrementAndGet() : "")))
        .exec(http(prefix + "proxy").get(Params.PATH).header("Cookie", "#{cookie}").check(status().is(200))))));
  }
}

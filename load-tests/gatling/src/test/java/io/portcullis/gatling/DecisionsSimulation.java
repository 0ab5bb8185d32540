package io.portcullis.gatling;

import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.listFeeder;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * Forward auth: GET {@code apiUrl}/decisions as nginx {@code auth_request} sends it (X-Forwarded-Method, -Proto, -Host,
 * -Uri naming {@code baseUrl}{@code path}) with a session cookie made up front; every answer a 200 carrying the
 * header mutator's {@code X-User}.
 */
public class DecisionsSimulation extends LoadSimulation {
  public DecisionsSimulation() {
    URI original = URI.create(Params.BASE_URL);
    List<Map<String, Object>> sessions = Sessions.loggedIn().stream().map(Sessions.Login::asFeed).toList();
    run(List.of(load("decisions", prefix -> feed(listFeeder(sessions).random()).exec(http(prefix + "decisions")
        .get(Params.API_URL + "/decisions")
        .header("X-Forwarded-Method", "GET")
        .header("X-Forwarded-Proto", original.getScheme())
        .header("X-Forwarded-Host", original.getAuthority())
        .header("X-Forwarded-Uri", Params.PATH)
        .header("Cookie", "ory_kratos_session=#{token}")
        .check(status().is(200), header("X-User").exists())))));
  }
}

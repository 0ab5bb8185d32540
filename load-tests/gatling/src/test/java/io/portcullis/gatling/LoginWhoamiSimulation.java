package io.portcullis.gatling;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.listFeeder;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import java.util.List;
import java.util.Map;

/**
 * Login followed by whoami on the identity service ({@code publicUrl}): {@code sessions} identities made up front
 * through the admin API, then per iteration the two-step API login flow (GET /self-service/login/api, POST
 * /self-service/login?flow=...) and GET /sessions/whoami with the new session token. The hashing cost is the
 * server's configuration (argon2id m=64MiB t=2 by default: a few logins per second per core).
 */
public class LoginWhoamiSimulation extends LoadSimulation {
  public LoginWhoamiSimulation() {
    List<Map<String, Object>> identities = Sessions.identities(Params.SESSIONS).stream()
        .map(i -> Map.<String, Object>of("email", i.email(), "password", i.password())).toList();
    run(List.of(load("login then whoami", prefix -> feed(listFeeder(identities).circular())
        .exec(http(prefix + "login flow").get(Params.PUBLIC_URL + "/self-service/login/api").header("Accept", "application/json")
            .check(status().is(200), jsonPath("$.id").saveAs("flow")))
        .exec(http(prefix + "login").post(Params.PUBLIC_URL + "/self-service/login?flow=#{flow}")
            .header("Content-Type", "application/json").header("Accept", "application/json")
            .body(StringBody("{\"method\":\"password\",\"identifier\":\"#{email}\",\"password\":\"#{password}\"}"))
            .check(status().is(200), jsonPath("$.session_token").saveAs("token")))
        .exec(http(prefix + "whoami").get(Params.PUBLIC_URL + "/sessions/whoami").header("X-Session-Token", "#{token}")
            .header("Accept", "application/json").check(status().is(200), jsonPath("$.active").is("true"))))));
  }
}

package io.portcullis.gatling;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import java.util.List;
import java.util.UUID;

/**
 * Denied requests: GET {@code path} with a session cookie no identity service ever issued (a new one per request,
 * so no cache can answer it), every answer a 401 (the cookie_session rule's denial; set {@code deniedStatus} for
 * another rule).
 */
public class DeniedSimulation extends LoadSimulation {
  private static final int DENIED_STATUS = Integer.getInteger("deniedStatus", 401);

  public DeniedSimulation() {
    run(List.of(load("denied", prefix -> exec(session -> session.set("forged", UUID.randomUUID().toString()))
        .exec(http(prefix + "denied").get(Params.PATH).header("Cookie", "ory_kratos_session=#{forged}")
            .check(status().is(DENIED_STATUS))))));
  }
}

package io.portcullis.gatling;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import java.util.List;

/** The proxy path with an anonymous rule: GET {@code path} on {@code baseUrl}, every answer a 200. */
public class ProxyAnonymousSimulation extends LoadSimulation {
  public ProxyAnonymousSimulation() {
    run(List.of(load("anonymous", prefix -> exec(http(prefix + "proxy").get(Params.PATH).check(status().is(200))))));
  }
}

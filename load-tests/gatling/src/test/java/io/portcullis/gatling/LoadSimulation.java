package io.portcullis.gatling;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What every simulation shares: the load model the parameters ask for (closed: {@link Params#USERS} users looping
 * for {@link Params#DURATION}; open: {@link Params#RATE} arrivals per second), HTTP/1.1 keep-alive, and the assertions
 * on p99 and the error rate that fail the run (over all requests, the warm-up's included).
 */
abstract class LoadSimulation extends Simulation {
  static final HttpProtocolBuilder HTTP = http.baseUrl(Params.BASE_URL).disableCaching().disableFollowRedirect()
      .warmUp(Params.BASE_URL + Params.PATH);

  /** Requests of the warm-up phase carry this before their name; the others are the measurement. */
  static final String WARMUP = "warmup ";

  /**
   * The population sending {@code step} over and over (closed model) or once per arrival (open model), after
   * {@link Params#WARMUP} of the same load; {@code step} is given the prefix of its requests' names.
   */
  static PopulationBuilder load(String name, Function<String, ChainBuilder> step) {
    Duration warmup = Params.WARMUP;
    if (Params.RATE > 0) {
      PopulationBuilder measured = scenario(name).exec(step.apply(""))
          .injectOpen(constantUsersPerSec(Params.RATE).during(Params.DURATION));
      return warmup.isZero() ? measured : scenario(WARMUP + name).exec(step.apply(WARMUP))
          .injectOpen(constantUsersPerSec(Params.RATE).during(warmup)).andThen(measured);
    }
    ScenarioBuilder users = warmup.isZero() ? scenario(name) : scenario(name).during(warmup).on(step.apply(WARMUP));
    if (Params.REQUESTS > 0) {
      AtomicLong started = new AtomicLong();
      users = users.asLongAsDuring(session -> started.incrementAndGet() <= Params.REQUESTS, Params.DURATION)
          .on(step.apply(""));
    } else {
      users = users.during(Params.DURATION).on(step.apply(""));
    }
    return users.injectOpen(atOnceUsers(Params.USERS));
  }

  /** Runs the populations with the assertions; open-model arrivals share a keep-alive pool, as a proxy's clients do. */
  void run(List<PopulationBuilder> populations) {
    setUp(populations)
        .protocols(Params.RATE > 0 ? HTTP.shareConnections() : HTTP)
        .maxDuration(Params.DURATION.plus(Params.WARMUP).plusSeconds(30))
        .assertions(
            global().responseTime().percentile(99.0).lt(Params.P99_MS),
            global().failedRequests().percent().lte(Params.MAX_ERROR_PERCENT));
  }
}

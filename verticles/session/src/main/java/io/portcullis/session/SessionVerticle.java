package io.portcullis.session;

import io.portcullis.contracts.Addresses;
import io.portcullis.identitysessions.SessionReader;
import io.portcullis.runtime.VertxHttpCaller;
import io.portcullis.spi.HttpCaller;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.List;
import java.util.Map;

/**
 * Answers session checks that missed the node's cache ({@link Addresses#SESSION_CHECK}): a whoami of this node's
 * identity service is answered from its database, exactly as {@code /sessions/whoami} would ({@link WhoamiRouting});
 * any other check (or every check, with source {@code http}) is sent to its URL, so Portcullis can front a real Kratos
 * too. The consumer is cluster-wide: a proxy on a node without the session role asks one here.
 */
public final class SessionVerticle extends VerticleBase {
  private final SessionReader database;
  private final WhoamiRouting routing;
  private HttpCaller http;
  private MessageConsumer<HttpCaller.Call> consumer;

  /** @param database null when checks go over HTTP only; {@code routing} says which checks it answers */
  public SessionVerticle(SessionReader database, WhoamiRouting routing) {
    this.database = database;
    this.routing = routing;
  }

  @Override
  public Future<?> start() {
    http = new VertxHttpCaller(vertx);
    consumer = vertx.eventBus().<HttpCaller.Call>consumer(Addresses.SESSION_CHECK).handler(this::check);
    return consumer.completion();
  }

  private void check(Message<HttpCaller.Call> m) {
    HttpCaller.Call call = m.body();
    Future<HttpCaller.Reply> answer = database != null && routing.fromDatabase(call.url())
        ? fromDatabase(call)
        : Future.fromCompletionStage(http.send(call), context);
    answer.onSuccess(m::reply)
        .onFailure(t -> m.fail(503, t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage()));
  }

  private Future<HttpCaller.Reply> fromDatabase(HttpCaller.Call call) {
    return database.whoami(call.headers()).map(a -> new HttpCaller.Reply(a.status(),
        Map.of("content-type", List.of("application/json")), a.body().getBytes()));
  }

  @Override
  public Future<?> stop() {
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }
}

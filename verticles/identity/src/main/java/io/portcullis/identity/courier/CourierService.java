package io.portcullis.identity.courier;

import io.portcullis.config.CourierConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The identity role's courier: the templates (loaded when this is created), the {@link Courier} flows queue mail
 * with, the message store the admin API reads, and delivery. Kratos delivers only with {@code --watch-courier} or a
 * separate {@code kratos courier watch}; Portcullis has no separate process, so every identity node delivers as soon
 * as {@code courier.smtp.connection_uri} is set (nodes share the queue without sending a message twice). Without it,
 * mail is queued and stays queued until a node with SMTP starts.
 */
public final class CourierService {
  private static final Logger LOG = LoggerFactory.getLogger(CourierService.class);
  private final Vertx vertx;
  private final CourierConfig config;
  private final MessageStore store = new MessageStore();
  private final StoredCourier courier;
  private String deployment;

  private CourierService(Vertx vertx, CourierConfig config, CourierTemplates templates) {
    this.vertx = vertx;
    this.config = config;
    this.courier = new StoredCourier(templates, store, Clock.systemUTC());
  }

  /**
   * Reads and compiles the templates (blocking: at start).
   *
   * @throws io.portcullis.config.InvalidConfigException naming the template that cannot be read or compiled
   */
  public static CourierService create(Vertx vertx, CourierConfig config) {
    return new CourierService(vertx, config, CourierTemplates.load(config));
  }

  public Courier courier() {
    return courier;
  }

  public MessageStore store() {
    return store;
  }

  /** Starts delivery from {@code pool} when SMTP is configured; {@code connect} is where to LISTEN. */
  public Future<Void> start(Pool pool, PgConnectOptions connect) {
    if (config.smtp().connectionUri().isEmpty()) {
      LOG.warn("portcullis.identity.courier.smtp.connection_uri is not set: mail is queued but not delivered "
          + "(GET /admin/courier/messages lists it)");
      return Future.succeededFuture();
    }
    return vertx.deployVerticle(new CourierVerticle(pool, connect, store, config)).map(id -> {
      deployment = id;
      return null;
    });
  }

  /** Stops delivery: the message being sent finishes, the rest of its batch goes back to the queue. */
  public Future<Void> stop() {
    if (deployment == null) {
      return Future.succeededFuture();
    }
    String id = deployment;
    deployment = null;
    return vertx.undeploy(id);
  }
}

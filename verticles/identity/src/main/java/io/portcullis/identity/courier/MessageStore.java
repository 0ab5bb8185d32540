package io.portcullis.identity.courier;

import io.portcullis.identitysessions.db.Rows;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * The courier's tables: messages are inserted in the caller's transaction; workers claim due ones for a lease with
 * {@code FOR UPDATE SKIP LOCKED} (two workers never hold one message), and settle each attempt in one transaction
 * with its dispatch row. Settling checks the lease is still the worker's, so a worker that lost its lease cannot
 * overwrite what the next holder did.
 */
public final class MessageStore {
  private static final String COLUMNS = "id, status, type, recipient, subject, body, body_html, template_type, "
      + "channel, send_count, rejections, created_at, updated_at";

  /** A page of the admin list; {@code next} is the last message's id when there may be more. */
  public record Page(List<CourierMessage> messages, UUID next) {
  }

  /** Stores a new {@code queued} message in {@code tx}. */
  Future<UUID> insert(SqlClient tx, String recipient, TemplateType type, CourierTemplates.Rendered rendered,
      JsonObject templateData, Instant now) {
    UUID id = UUID.randomUUID();
    return tx.preparedQuery("INSERT INTO courier_messages (id, type, status, recipient, subject, body, body_html, "
            + "template_type, template_data, send_count, channel, created_at, updated_at) "
            + "VALUES ($1, 'email', 'queued', $2, $3, $4, $5, $6, $7, 0, 'email', $8, $8)")
        .execute(Tuple.from(new Object[] {id, recipient, rendered.subject(), rendered.plaintext(), rendered.html(),
            type.wireName(), templateData, Rows.time(now)}))
        .map(id);
  }

  /**
   * Claims up to {@code limit} messages that are due (queued and past their back-off, or processing with an expired
   * lease), oldest first, for {@code lease}.
   */
  Future<List<CourierMessage>> claim(Pool pool, UUID owner, int limit, Duration lease) {
    return pool.preparedQuery("UPDATE courier_messages SET status = 'processing', lease_owner = $1, "
            + "lease_until = now() + make_interval(secs => $2), updated_at = now() WHERE id IN ("
            + "SELECT id FROM courier_messages WHERE (status = 'queued' AND next_attempt_at <= now()) "
            + "OR (status = 'processing' AND lease_until < now()) ORDER BY created_at, id LIMIT $3 "
            + "FOR UPDATE SKIP LOCKED) RETURNING " + COLUMNS)
        .execute(Tuple.of(owner, lease.toMillis() / 1000.0, limit))
        .map(rows -> {
          List<CourierMessage> claimed = new ArrayList<>();
          rows.forEach(r -> claimed.add(message(r)));
          claimed.sort(Comparator.comparing(CourierMessage::createdAt).thenComparing(CourierMessage::id));
          return claimed;
        });
  }

  /** The message went out. */
  Future<Void> sent(Pool pool, CourierMessage m, UUID owner) {
    return settle(pool, m, owner, "success", null, "status = 'sent'", Tuple.tuple());
  }

  /**
   * The attempt failed.
   *
   * @param rejected the server refused the message (counts towards {@code message_retries})
   * @param abandon give the message up
   * @param retryIn how long until it may be tried again (ignored when abandoned)
   */
  Future<Void> failed(Pool pool, CourierMessage m, UUID owner, JsonObject error, boolean rejected, boolean abandon,
      Duration retryIn) {
    return settle(pool, m, owner, "failed", error, "status = $4, rejections = rejections + $5, "
        + "next_attempt_at = now() + make_interval(secs => $6)", Tuple.of(abandon ? CourierMessage.ABANDONED
        : CourierMessage.QUEUED, rejected ? 1 : 0, retryIn.toMillis() / 1000.0));
  }

  private Future<Void> settle(Pool pool, CourierMessage m, UUID owner, String dispatchStatus, JsonObject error,
      String set, Tuple more) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    List<Object> params = new ArrayList<>(List.of(m.id(), owner, Rows.time(now)));
    for (int i = 0; i < more.size(); i++) {
      params.add(more.getValue(i));
    }
    // The attempt is recorded only while the lease is still this worker's: one that lost it (to a worker that took
    // the message over) changes nothing, its dispatch included.
    return pool.withTransaction(tx -> tx.preparedQuery("UPDATE courier_messages SET " + set
                + ", send_count = send_count + 1, lease_owner = NULL, lease_until = NULL, updated_at = $3 "
                + "WHERE id = $1 AND lease_owner = $2 AND status = 'processing' RETURNING id")
            .execute(Tuple.from(params))
            .compose(updated -> updated.rowCount() == 0 ? Future.succeededFuture()
                : tx.preparedQuery("INSERT INTO courier_message_dispatches (id, message_id, status, error, created_at, "
                    + "updated_at) VALUES ($1, $2, $3, $4, $5, $5)")
                    .execute(Tuple.of(UUID.randomUUID(), m.id(), dispatchStatus, error, Rows.time(now))).mapEmpty()))
        .mapEmpty();
  }

  /** Gives back claimed messages that were not tried (the worker stops, or the server is unreachable). */
  Future<Void> release(Pool pool, List<UUID> ids, UUID owner) {
    if (ids.isEmpty()) {
      return Future.succeededFuture();
    }
    return pool.preparedQuery("UPDATE courier_messages SET status = 'queued', lease_owner = NULL, lease_until = NULL "
            + "WHERE id = ANY($1) AND lease_owner = $2 AND status = 'processing'")
        .execute(Tuple.of(ids.toArray(UUID[]::new), owner)).mapEmpty();
  }

  /**
   * Kratos' list: newest first (created_at descending, then id), optionally of one status or recipient, a page after
   * the message {@code after}.
   */
  public Future<Page> list(SqlClient db, String status, String recipient, int size, UUID after) {
    return db.preparedQuery("SELECT " + COLUMNS + " FROM courier_messages m WHERE ($1::text IS NULL OR status = $1) "
            + "AND ($2::text IS NULL OR recipient = $2) AND ($3::uuid IS NULL OR EXISTS (SELECT 1 FROM "
            + "courier_messages a WHERE a.id = $3 AND (m.created_at < a.created_at OR (m.created_at = a.created_at "
            + "AND m.id > a.id)))) ORDER BY created_at DESC, id LIMIT $4")
        .execute(Tuple.of(status, recipient, after, size + 1))
        .map(rows -> {
          List<CourierMessage> page = new ArrayList<>();
          rows.forEach(r -> page.add(message(r)));
          UUID next = null;
          if (page.size() > size) {
            page.remove(size);
            next = page.get(size - 1).id();
          }
          return new Page(page, next);
        });
  }

  /** One message with its dispatches (newest first), or null. */
  public Future<CourierMessage> get(SqlClient db, UUID id) {
    return db.preparedQuery("SELECT " + COLUMNS + " FROM courier_messages WHERE id = $1").execute(Tuple.of(id))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.succeededFuture(null);
          }
          CourierMessage m = message(rows.iterator().next());
          return db.preparedQuery("SELECT id, message_id, status, error, created_at, updated_at FROM "
                  + "courier_message_dispatches WHERE message_id = $1 ORDER BY created_at DESC, id").execute(Tuple.of(id))
              .map(ds -> {
                List<CourierMessage.Dispatch> list = new ArrayList<>();
                ds.forEach(d -> list.add(new CourierMessage.Dispatch(d.getUUID("id"), d.getUUID("message_id"),
                    d.getString("status"), d.getJsonObject("error"), Rows.instant(d, "created_at"),
                    Rows.instant(d, "updated_at"))));
                return m.withDispatches(list);
              });
        });
  }

  private static CourierMessage message(Row r) {
    return new CourierMessage(r.getUUID("id"), r.getString("status"), r.getString("type"), r.getString("recipient"),
        r.getString("subject"), r.getString("body"), r.getString("body_html"), r.getString("template_type"),
        r.getString("channel"), r.getInteger("send_count"), r.getInteger("rejections"), Rows.instant(r, "created_at"),
        Rows.instant(r, "updated_at"), List.of());
  }
}

package io.portcullis.identity.api;

import io.portcullis.identity.courier.CourierMessage;
import io.portcullis.identity.courier.MessageStore;
import io.portcullis.identitysessions.kratos.KratosError;
import io.portcullis.identitysessions.kratos.KratosJson;
import io.portcullis.rules.template.GoFormat;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The admin API's courier endpoints ({@code /admin/courier/messages}), in Kratos' JSON: a list newest first,
 * filtered by {@code status} and {@code recipient}, ten to a page by default; one message with its dispatches. As in
 * Kratos, bodies are {@code <redacted-unless-dev-mode>} unless {@code dev: true}: they hold recovery and verification
 * links and codes.
 */
public final class CourierApi {
  static final String REDACTED = "<redacted-unless-dev-mode>";
  /** Kratos' courier list has its own default page size. */
  static final int DEFAULT_PAGE_SIZE = 10;

  private final Pool pool;
  private final MessageStore store;
  private final String adminBaseUrl;
  private final boolean dev;

  /** @param dev Kratos' {@code dev}: message bodies are shown */
  public CourierApi(Pool pool, MessageStore store, String adminBaseUrl, boolean dev) {
    this.pool = pool;
    this.store = store;
    this.adminBaseUrl = adminBaseUrl;
    this.dev = dev;
  }

  public void mount(Router r) {
    r.get("/admin/courier/messages").handler(Http.async(this::list));
    r.get("/admin/courier/messages/:id").handler(Http.async(this::get));
  }

  private Future<?> list(RoutingContext ctx) {
    Map<String, String> filters = new LinkedHashMap<>();
    String status = ctx.request().getParam("status");
    if (status != null) {
      if (!CourierMessage.STATUSES.contains(status)) {
        throw KratosError.badRequest("Message status is not valid");
      }
      filters.put("status", status);
    }
    String recipient = ctx.request().getParam("recipient");
    if (recipient != null && !recipient.isEmpty()) {
      filters.put("recipient", recipient);
    }
    Pagination page = Pagination.of(ctx, DEFAULT_PAGE_SIZE);
    return store.list(pool, status, filters.get("recipient"), page.size(), page.after()).map(p -> {
      page.link(ctx, adminBaseUrl, p.next(), filters);
      JsonArray out = new JsonArray();
      p.messages().forEach(m -> out.add(json(m)));
      return Http.ok(ctx, out);
    });
  }

  private Future<?> get(RoutingContext ctx) {
    UUID id = goUuid(ctx.pathParam("id"));
    return store.get(pool, id).map(m -> {
      if (m == null) {
        throw new KratosError(404, null, "Unable to locate the resource", null);
      }
      return Http.ok(ctx, json(m));
    });
  }

  /** Kratos' {@code message}, its fields in Kratos' order; {@code dispatches} only when there are any. */
  JsonObject json(CourierMessage m) {
    JsonObject o = new JsonObject().put("id", m.id().toString()).put("status", m.status()).put("type", m.type())
        .put("recipient", m.recipient()).put("body", dev ? m.body() : REDACTED).put("subject", m.subject())
        .put("template_type", m.templateType()).put("channel", m.channel()).put("send_count", m.sendCount());
    if (!m.dispatches().isEmpty()) {
      JsonArray dispatches = new JsonArray();
      for (CourierMessage.Dispatch d : m.dispatches()) {
        JsonObject dj = new JsonObject().put("id", d.id().toString()).put("message_id", d.messageId().toString())
            .put("status", d.status());
        if (d.error() != null) {
          dj.put("error", d.error());
        }
        dispatches.add(dj.put("created_at", KratosJson.time(d.createdAt()))
            .put("updated_at", KratosJson.time(d.updatedAt())));
      }
      o.put("dispatches", dispatches);
    }
    return o.put("created_at", KratosJson.time(m.createdAt())).put("updated_at", KratosJson.time(m.updatedAt()));
  }

  /**
   * The message id as Kratos parses it (gofrs/uuid: canonical, braced, {@code urn:uuid:}, or 32 hex digits), with its
   * error texts.
   */
  static UUID goUuid(String s) {
    String hex = switch (s.length()) {
      case 32 -> s;
      case 34 -> s.startsWith("{") && s.endsWith("}") ? s.substring(1, 33) : null;
      case 36 -> canonical(s);
      case 38 -> s.startsWith("{") && s.endsWith("}") ? canonical(s.substring(1, 37)) : null;
      case 41 -> s.startsWith("urn:uuid:") ? s.substring(9) : null;
      case 45 -> s.startsWith("urn:uuid:") ? canonical(s.substring(9)) : null;
      default -> throw new KratosError(400, null, "uuid: incorrect UUID length " + s.length() + " in string "
          + GoFormat.quote(s), null);
    };
    if (hex == null || !hex.matches("[0-9a-fA-F]{32}")) {
      throw new KratosError(400, null, "uuid: incorrect UUID format in string " + GoFormat.quote(s), null);
    }
    return new UUID(Long.parseUnsignedLong(hex.substring(0, 16), 16), Long.parseUnsignedLong(hex.substring(16), 16));
  }

  private static String canonical(String s) {
    if (s.charAt(8) != '-' || s.charAt(13) != '-' || s.charAt(18) != '-' || s.charAt(23) != '-') {
      return null;
    }
    return s.replace("-", "");
  }
}

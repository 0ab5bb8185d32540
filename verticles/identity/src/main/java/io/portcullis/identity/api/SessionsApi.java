package io.portcullis.identity.api;

import io.portcullis.identity.session.ClientInfo;
import io.portcullis.identity.session.SessionService;
import io.portcullis.identitysessions.aal.AalPolicy;
import io.portcullis.identitysessions.kratos.KratosError;
import io.portcullis.identitysessions.kratos.KratosJson;
import io.portcullis.identitysessions.model.Session;
import io.portcullis.kafka.events.RevocationCause;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;

/**
 * The session endpoints of both APIs: {@code /sessions/whoami} and the holder's own sessions on the public API;
 * listing, reading, revoking and extending any session on the admin API.
 */
public final class SessionsApi {
  private final SessionService sessions;
  private final KratosJson json;
  private final String cookieName;
  private final String adminBaseUrl;
  private final Extending extending;
  private final AalPolicy aal;

  /**
   * How {@code PATCH /admin/sessions/{id}/extend} behaves.
   *
   * @param window {@code session.earliest_possible_extend}: only a session expiring within it is extended
   * @param noContent {@code feature_flags.faster_session_extend}: answer 204 instead of the session
   */
  public record Extending(java.time.Duration window, boolean noContent) {
  }

  /** @param aal {@code session.whoami.required_aal}, checked by whoami and the holder's session list as in Kratos */
  public SessionsApi(SessionService sessions, KratosJson json, String cookieName, String adminBaseUrl,
      Extending extending, AalPolicy aal) {
    this.aal = aal;
    this.sessions = sessions;
    this.json = json;
    this.cookieName = cookieName;
    this.adminBaseUrl = adminBaseUrl;
    this.extending = extending;
  }

  public void mountPublic(Router r) {
    r.get("/sessions/whoami").handler(Http.async(this::whoami));
    r.get("/sessions").handler(Http.async(this::listMine));
    r.delete("/sessions").handler(Http.async(this::revokeMyOthers));
    r.delete("/sessions/:id").handler(Http.async(this::revokeMine));
  }

  public void mountAdmin(Router r) {
    r.get("/admin/sessions").handler(Http.async(this::list));
    r.get("/admin/sessions/:id").handler(Http.async(this::get));
    r.delete("/admin/sessions/:id").handler(Http.async(this::revoke));
    r.patch("/admin/sessions/:id/extend").handler(Http.async(this::extend));
    r.get("/admin/identities/:id/sessions").handler(Http.async(this::listOfIdentity));
    r.delete("/admin/identities/:id/sessions").handler(Http.async(this::revokeAllOfIdentity));
  }

  /** The session in the request, or a 401 in Kratos' form. */
  public Future<Session> current(RoutingContext ctx) {
    return sessions.authenticate(Http.sessionToken(ctx, cookieName))
        .map(s -> s.orElseThrow(KratosError::noSession));
  }

  private Future<?> whoami(RoutingContext ctx) {
    return current(ctx).map(s -> {
      aal.requireForWhoami(s);
      ctx.response().putHeader("X-Kratos-Authenticated-Identity-Id", s.identityId().toString());
      return Http.ok(ctx, json.session(s));
    });
  }

  private Future<?> listMine(RoutingContext ctx) {
    Pagination page = Pagination.of(ctx);
    return current(ctx).map(s -> {
      aal.requireForWhoami(s);
      return s;
    }).compose(s -> sessions.store().list(sessions.pool(), s.identityId(), true, page.size(),
            page.after(), sessions.now())
        .map(p -> {
          JsonArray out = new JsonArray();
          // As Kratos: the current session is not among "other sessions".
          p.sessions().stream().filter(x -> !x.id().equals(s.id())).forEach(x -> out.add(json.session(x)));
          page.link(ctx, "", p.next());
          return Http.ok(ctx, out);
        }));
  }

  private Future<?> revokeMyOthers(RoutingContext ctx) {
    return current(ctx).compose(s -> sessions.revokeAll(s.identityId(), s.id(), RevocationCause.REVOKE_ALL,
            ClientInfo.of(ctx.request())))
        .map(n -> Http.ok(ctx, new JsonObject().put("count", n)));
  }

  private Future<?> revokeMine(RoutingContext ctx) {
    UUID id = Http.uuidParam(ctx, "id");
    return current(ctx).compose(s -> {
      if (s.id().equals(id)) {
        throw KratosError.badRequest("You tried to disable the current session. Please use the logout feature "
            + "instead.");
      }
      return sessions.store().get(sessions.pool(), id).compose(target -> {
        if (target.isEmpty() || !target.get().identityId().equals(s.identityId())) {
          throw KratosError.notFound("The session was not found.");
        }
        return sessions.revoke(id, RevocationCause.REVOKE_ALL, ClientInfo.of(ctx.request()));
      });
    }).map(x -> {
      Http.noContent(ctx);
      return null;
    });
  }

  private Future<?> list(RoutingContext ctx) {
    Pagination page = Pagination.of(ctx);
    Boolean active = activeParam(ctx);
    boolean expand = ctx.queryParam("expand").contains("identity");
    return sessions.store().list(sessions.pool(), null, active, page.size(), page.after(), sessions.now())
        .compose(p -> expandAll(p.sessions(), expand).map(list -> {
          page.link(ctx, adminBaseUrl, p.next());
          JsonArray out = new JsonArray();
          list.forEach(s -> out.add(json.adminSession(s)));
          return Http.ok(ctx, out);
        }));
  }

  private Future<?> listOfIdentity(RoutingContext ctx) {
    UUID id = Http.uuidParam(ctx, "id");
    Pagination page = Pagination.of(ctx);
    return sessions.store().list(sessions.pool(), id, activeParam(ctx), page.size(), page.after(), sessions.now())
        .map(p -> {
          page.link(ctx, adminBaseUrl, p.next());
          JsonArray out = new JsonArray();
          p.sessions().forEach(s -> out.add(json.adminSession(s)));
          return Http.ok(ctx, out);
        });
  }

  private Future<?> get(RoutingContext ctx) {
    UUID id = Http.uuidParam(ctx, "id");
    boolean expand = !ctx.queryParam("expand").isEmpty() ? ctx.queryParam("expand").contains("identity") : true;
    return sessions.store().get(sessions.pool(), id)
        .compose(s -> expand ? sessions.withIdentity(s) : Future.succeededFuture(s))
        .map(s -> Http.ok(ctx, json.adminSession(s.orElseThrow(() -> KratosError.notFound(
            "Unable to locate the resource")))));
  }

  private Future<?> revoke(RoutingContext ctx) {
    UUID id = Http.uuidParam(ctx, "id");
    return sessions.store().get(sessions.pool(), id).compose(s -> {
      if (s.isEmpty()) {
        throw KratosError.notFound("Unable to locate the resource");
      }
      return sessions.revoke(id, RevocationCause.ADMIN, ClientInfo.admin());
    }).map(x -> {
      Http.noContent(ctx);
      return null;
    });
  }

  private Future<?> revokeAllOfIdentity(RoutingContext ctx) {
    UUID id = Http.uuidParam(ctx, "id");
    return sessions.revokeAll(id, null, RevocationCause.ADMIN, ClientInfo.admin()).map(n -> {
      Http.noContent(ctx);
      return null;
    });
  }

  private Future<?> extend(RoutingContext ctx) {
    UUID id = Http.uuidParam(ctx, "id");
    return sessions.extend(id, extending.window()).map(s -> {
      Session found = s.orElseThrow(() -> KratosError.notFound("Unable to locate the resource"));
      if (extending.noContent()) {
        Http.noContent(ctx);
        return null;
      }
      return Http.ok(ctx, json.adminSession(found));
    });
  }

  private Future<java.util.List<Session>> expandAll(java.util.List<Session> list, boolean expand) {
    if (!expand) {
      return Future.succeededFuture(list);
    }
    java.util.List<Future<Session>> all = new java.util.ArrayList<>();
    for (Session s : list) {
      all.add(sessions.withIdentity(java.util.Optional.of(s)).map(o -> o.orElse(s)));
    }
    return Future.all(all).map(c -> c.<Session>list());
  }

  private static Boolean activeParam(RoutingContext ctx) {
    String a = ctx.request().getParam("active");
    if (a == null || a.isEmpty()) {
      return null;
    }
    if (!a.equals("true") && !a.equals("false")) {
      throw KratosError.badRequest("active is \"" + a + "\", expected true or false.");
    }
    return Boolean.valueOf(a);
  }
}

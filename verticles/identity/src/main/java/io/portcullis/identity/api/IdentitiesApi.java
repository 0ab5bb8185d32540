package io.portcullis.identity.api;

import io.portcullis.identity.manage.IdentityService;
import io.portcullis.identity.oidc.TokenCipher;
import io.portcullis.identitysessions.model.Identity;
import io.portcullis.identitysessions.kratos.KratosError;
import io.portcullis.identitysessions.kratos.KratosJson;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The admin API's identity endpoints ({@code /admin/identities}). */
public final class IdentitiesApi {
  private final IdentityService identities;
  private final KratosJson json;
  private final String adminBaseUrl;
  private final TokenCipher cipher;

  /** @param cipher deciphers the provider tokens of OpenID Connect credentials for {@code include_credential=oidc} */
  public IdentitiesApi(IdentityService identities, KratosJson json, String adminBaseUrl, TokenCipher cipher) {
    this.identities = identities;
    this.json = json;
    this.adminBaseUrl = adminBaseUrl;
    this.cipher = cipher;
  }

  public void mount(Router r) {
    r.get("/admin/identities").handler(Http.async(this::list));
    r.post("/admin/identities").handler(Http.async(this::create));
    r.get("/admin/identities/by/external/:externalID").handler(Http.async(this::byExternalId));
    r.get("/admin/identities/:id").handler(Http.async(this::get));
    r.put("/admin/identities/:id").handler(Http.async(this::update));
    r.patch("/admin/identities/:id").handler(Http.async(this::patch));
    r.delete("/admin/identities/:id").handler(Http.async(this::delete));
  }

  private Future<?> list(RoutingContext ctx) {
    Pagination page = Pagination.of(ctx);
    String identifier = ctx.request().getParam("credentials_identifier");
    List<UUID> ids = new ArrayList<>();
    for (String id : ctx.queryParam("ids")) {
      ids.add(Http.uuid("ids", id));
    }
    List<String> include = IncludedCredentials.ofList(ctx);
    return identities.store().list(identities.pool(), page.size(), page.after(),
            identifier == null || identifier.isEmpty() ? null : identifier, ids)
        .map(p -> {
          page.link(ctx, adminBaseUrl, p.next());
          JsonArray out = new JsonArray();
          p.identities().forEach(i -> out.add(admin(i, include)));
          return Http.ok(ctx, out);
        });
  }

  private Future<?> create(RoutingContext ctx) {
    return identities.create(Http.body(ctx)).map(i -> {
      ctx.response().putHeader("Location", adminBaseUrl + "/admin/identities/" + i.id());
      Http.json(ctx, 201, json.adminIdentity(i));
      return null;
    });
  }

  private Future<?> get(RoutingContext ctx) {
    List<String> include = IncludedCredentials.ofOne(ctx);
    return identities.get(Http.uuidParam(ctx, "id")).map(i -> Http.ok(ctx, admin(i, include)));
  }

  private Future<?> byExternalId(RoutingContext ctx) {
    List<String> include = IncludedCredentials.ofOne(ctx);
    return identities.getByExternalId(ctx.pathParam("externalID")).map(i -> Http.ok(ctx, admin(i, include)));
  }

  /**
   * The admin JSON with the credential configs {@code include} asks for ({@link IncludedCredentials}). Other types
   * keep an empty config: Portcullis never shows secrets such as password hashes.
   */
  private JsonObject admin(Identity i, List<String> include) {
    return IncludedCredentials.apply(json.adminIdentity(i), i, include, cipher);
  }

  private Future<?> update(RoutingContext ctx) {
    return identities.update(Http.uuidParam(ctx, "id"), Http.body(ctx)).map(i -> Http.ok(ctx, json.adminIdentity(i)));
  }

  private Future<?> patch(RoutingContext ctx) {
    JsonArray ops;
    try {
      ops = ctx.body().asJsonArray();
    } catch (RuntimeException e) {
      throw KratosError.badRequest("The request body must be a JSON Patch array: " + e.getMessage());
    }
    if (ops == null) {
      throw KratosError.badRequest("The request body must be a JSON Patch array.");
    }
    return identities.patch(Http.uuidParam(ctx, "id"), ops).map(i -> Http.ok(ctx, json.adminIdentity(i)));
  }

  private Future<?> delete(RoutingContext ctx) {
    return identities.delete(Http.uuidParam(ctx, "id")).map(x -> {
      Http.noContent(ctx);
      return null;
    });
  }
}

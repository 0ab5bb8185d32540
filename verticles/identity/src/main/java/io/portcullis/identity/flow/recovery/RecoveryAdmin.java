package io.portcullis.identity.flow.recovery;

import io.portcullis.identity.api.Http;
import io.portcullis.identity.flow.Flow;
import io.portcullis.identity.flow.FlowAccess;
import io.portcullis.identity.flow.FlowEndpoints;
import io.portcullis.identity.flow.FlowKit;
import io.portcullis.identity.flow.onetime.MailedFlow;
import io.portcullis.identity.flow.onetime.OneTimeKind;
import io.portcullis.identity.flow.onetime.OneTimeSecrets;
import io.portcullis.identity.store.IdentityStore;
import io.portcullis.identity.ui.UiContainer;
import io.portcullis.identitysessions.kratos.KratosError;
import io.portcullis.identitysessions.kratos.KratosJson;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * The admin API's recovery endpoints: {@code POST /admin/recovery/link} and {@code /admin/recovery/code} start a
 * recovery flow for an identity (with or without credentials) and hand the administrator the link, or the code and
 * the page to enter it on, to pass on. The identity does not need a recovery address; completing such a flow does
 * not verify any address.
 */
public final class RecoveryAdmin implements FlowEndpoints {
  private final FlowKit kit;
  private final RecoveryParts p;
  private final IdentityStore identities;
  private final String adminBaseUrl;

  RecoveryAdmin(RecoveryParts parts, IdentityStore identities, String adminBaseUrl) {
    this.kit = parts.kit();
    this.p = parts;
    this.identities = identities;
    this.adminBaseUrl = adminBaseUrl;
  }

  /** Mounts on the admin API. */
  @Override
  public void mount(Router admin) {
    admin.post("/admin/recovery/link").handler(Http.async(this::link));
    admin.post("/admin/recovery/code").handler(Http.async(this::code));
  }

  private Future<?> link(RoutingContext ctx) {
    p.mailed().requireMethod(RecoveryForm.LINK);
    JsonObject body = Http.body(ctx);
    Duration expiresIn = expiresIn(body, kit.settings().linkLifespan(), true);
    UUID identityId = Http.uuid("identity_id", body.getString("identity_id"));
    Flow f = flow(ctx, Flow.BROWSER, "choose_method", expiresIn, RecoveryForm.LINK);
    UiContainer ui = p.form().chooseMethod(f, RecoveryForm.LINK, null);
    String token = OneTimeSecrets.newToken();
    return identities.get(kit.pool(), identityId).compose(found -> {
      if (found.isEmpty()) {
        throw KratosError.badRequest("The requested identity id does not exist.");
      }
      return kit.pool().withTransaction(tx -> kit.lifecycle().insert(tx, f, ui)
          .compose(x -> p.secrets().issue(tx, f.id(), OneTimeKind.RECOVERY_LINK, token, identityId, null, expiresIn,
              f.issuedAt())));
    }).map(x -> Http.ok(ctx, new JsonObject().put("expires_at", KratosJson.time(f.expiresAt()))
        .put("recovery_link", p.mail().linkUrl(f, token))));
  }

  private Future<?> code(RoutingContext ctx) {
    p.mailed().requireMethod(RecoveryForm.CODE);
    JsonObject body = Http.body(ctx);
    Duration expiresIn = expiresIn(body, kit.settings().codeLifespan(), false);
    String type = body.getString("flow_type", Flow.BROWSER);
    if (!type.equals(Flow.BROWSER) && !type.equals(Flow.API)) {
      throw KratosError.badRequest("Value from \"flow_type\" is not valid: \"" + type + "\"");
    }
    UUID identityId = Http.uuid("identity_id", body.getString("identity_id"));
    Flow f = flow(ctx, type, "sent_email", expiresIn, RecoveryForm.CODE);
    String code = OneTimeSecrets.newCode();
    return identities.get(kit.pool(), identityId).compose(found -> {
      if (found.isEmpty()) {
        throw new KratosError(404, null, "Unable to locate the resource", "could not find identity");
      }
      return kit.pool().withTransaction(tx -> kit.lifecycle().insert(tx, f, p.form().adminCode(f))
          .compose(x -> p.secrets().issue(tx, f.id(), OneTimeKind.RECOVERY_CODE, code, identityId, null, expiresIn,
              f.issuedAt())));
    }).map(x -> {
      Http.json(ctx, 201, new JsonObject().put("recovery_link", kit.settings().uiUrl(RecoveryHandler.KIND)
              + "?flow=" + f.id()).put("recovery_code", code).put("expires_at", KratosJson.time(f.expiresAt())));
      return null;
    });
  }

  /**
   * {@code expires_in} ({@code dflt} when absent), with Kratos' messages; the link and code endpoints word the
   * "not in the future" error differently (the link one quotes what was sent, the code one the parsed duration).
   */
  private static Duration expiresIn(JsonObject body, Duration dflt, boolean link) {
    String raw = body.getString("expires_in", "");
    Duration d = raw.isEmpty() ? dflt : GoDuration.parse(raw);
    if (d == null) {
      throw KratosError.badRequest("Unable to parse \"expires_in\" whose format should match "
          + "\"[0-9]+(ns|us|ms|s|m|h)\" but did not: " + raw);
    }
    if (d.isNegative() || d.isZero()) {
      throw KratosError.badRequest(link ? "Value from \"expires_in\" must be result to a future time: " + raw
          : "Value from \"expires_in\" must result to a future time: " + GoDuration.format(d));
    }
    return d;
  }

  /**
   * A flow started on the admin API: its request URL is the admin request's, it lives as long as its secret, and
   * it is bound to no browser (a code flow skips the CSRF check, as Kratos' {@code DangerousSkipCSRFCheck}).
   */
  private Flow flow(RoutingContext ctx, String type, String state, Duration lifespan, String method) {
    String returnTo = kit.settings().returnUrls().check(ctx.request().getParam("return_to"));
    JsonObject data = new JsonObject().put(MailedFlow.ACTIVE, method);
    if (method.equals(RecoveryForm.CODE)) {
      data.put(FlowAccess.SKIP_CSRF_CHECK, true);
    }
    Instant now = Flow.now();
    return new Flow(UUID.randomUUID(), RecoveryHandler.KIND, type, state, adminBaseUrl + ctx.request().uri(), returnTo,
        "", null, null, data, new JsonObject(), now, now.plus(lifespan), now, now);
  }
}

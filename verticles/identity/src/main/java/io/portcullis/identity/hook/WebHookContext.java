package io.portcullis.identity.hook;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;

/**
 * The {@code ctx} a web hook's template gets, as Kratos builds it: {@code flow}, {@code request_headers} (only the
 * headers of {@code clients.web_hook.header_allowlist}, as lists of values), {@code request_method},
 * {@code request_url}, {@code request_cookies}, and once a submission succeeded {@code identity} (without
 * credentials and admin metadata) and, after login and settings, {@code session}.
 */
final class WebHookContext {
  private static final Set<String> WITH_SESSION = Set.of("login", "settings");

  private WebHookContext() {
  }

  static JsonObject json(HookStage stage, HookContext ctx, HookServices services) {
    JsonObject headers = new JsonObject();
    List<String> allowed = services.clients().webHook().headerAllowlist();
    for (String name : allowed) {
      List<String> values = ctx.request().headers().getAll(name);
      if (!values.isEmpty()) {
        headers.put(name, new JsonArray(List.copyOf(values)));
      }
    }
    JsonObject cookies = new JsonObject();
    ctx.request().cookies().forEach(cookies::put);
    JsonObject json = new JsonObject().put("flow", ctx.flowJson()).put("request_headers", headers)
        .put("request_method", ctx.request().method()).put("request_url", ctx.request().url())
        .put("request_cookies", cookies);
    if (stage != HookStage.BEFORE && ctx.identity() != null) {
      JsonObject identity = services.json().identity(ctx.identity());
      if (ctx.identity().externalId() != null) {
        identity.put("external_id", ctx.identity().externalId());
      }
      json.put("identity", identity);
    }
    if (stage == HookStage.POST && ctx.session() != null && WITH_SESSION.contains(ctx.flow())) {
      json.put("session", services.json().session(ctx.session().withIdentity(ctx.identity())));
    }
    return json;
  }
}

package io.portcullis.identity.hook;

import io.portcullis.config.WebHookConfig;
import io.portcullis.identity.ui.UiText;
import io.portcullis.identitysessions.kratos.KratosError;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code web_hook}: calls a URL with a body rendered from a Jsonnet template of {@code ctx}, at every stage of every
 * flow, as Kratos' web hook does. With {@code response.ignore} the flow does not wait and the outcome is only logged.
 * With {@code response.parse} (or {@code can_interrupt}) the answer is read: a 4xx or 5xx with Kratos' {@code messages}
 * interrupts the flow with them, a 200 with {@code identity} changes the identity; such a hook runs before the identity
 * is written (registration, settings) and not after. Other hooks run after it is written; a failing answer then fails
 * the request (502; 504 when the call timed out), the written identity stays.
 */
final class WebHook implements Hook {
  private static final Logger LOG = LoggerFactory.getLogger(WebHook.class);
  private final WebHookConfig config;
  private final String path;
  private final HookServices services;
  private final WebHookTransport transport;

  WebHook(WebHookConfig config, String path, HookServices services, WebHookTransport transport) {
    this.config = config;
    this.path = path;
    this.services = services;
    this.transport = transport;
  }

  @Override
  public boolean runsAt(HookStage stage, String flow) {
    return stage != HookStage.PRE_PERSIST || flow.equals("registration") || flow.equals("settings");
  }

  @Override
  public Future<Void> run(HookStage stage, HookContext ctx) {
    boolean persisting = ctx.flow().equals("registration") || ctx.flow().equals("settings");
    if (persisting && stage == HookStage.PRE_PERSIST && !config.readsResponse()) {
      return Future.succeededFuture();
    }
    if (persisting && stage == HookStage.POST) {
      if (config.readsResponse()) {
        return Future.succeededFuture();
      }
      // Kratos calls these once the identity is written; ours is written when the flow's transaction commits.
      JsonObject json = WebHookContext.json(stage, ctx, services);
      ctx.afterCommit(() -> call(stage, ctx, json));
      return Future.succeededFuture();
    }
    return call(stage, ctx, WebHookContext.json(stage, ctx, services));
  }

  private Future<Void> call(HookStage stage, HookContext ctx, JsonObject json) {
    if (config.response().ignore()) {
      transport.send(config, json).onComplete(ar -> {
        if (ar.failed()) {
          LOG.warn("web hook {} ({}) failed; its answer is ignored (response.ignore): {}", id(), config.url(),
              ar.cause().getMessage());
        } else {
          LOG.debug("web hook {} ({}) answered {}", id(), config.url(), ar.result().map(a -> a.status()).orElse(0));
        }
      });
      return Future.succeededFuture();
    }
    return transport.send(config, json).compose(answer -> answer.isEmpty() ? Future.succeededFuture()
        : handle(stage, ctx, answer.get()));
  }

  private Future<Void> handle(HookStage stage, HookContext ctx, WebHookTransport.Answer answer) {
    int status = answer.status();
    if (status >= 400) {
      LOG.info("web hook {} ({}) answered {}", id(), config.url(), status);
      if (config.readsResponse()) {
        return Future.failedFuture(interruption(answer));
      }
      return Future.failedFuture(new KratosError(502, null, "webhook failed with status code " + status,
          "A third-party upstream service responded improperly. Please try again later."));
    }
    if (config.response().parse() && status == 200 && ctx.identity() != null && stage != HookStage.BEFORE) {
      JsonObject body = object(answer);
      JsonObject identity = body.getValue("identity") instanceof JsonObject o ? o : null;
      if (identity != null) {
        ctx.identity(IdentityChanges.apply(ctx.identity(), identity, services.identities()));
      }
    }
    return Future.succeededFuture();
  }

  /** Kratos' {@code {"messages": [{"instance_ptr", "messages": [{"id", "text", "type", "context"}]}]}}. */
  private RuntimeException interruption(WebHookTransport.Answer answer) {
    JsonObject body = object(answer);
    List<FlowInterrupted.NodeMessage> messages = new ArrayList<>();
    JsonArray groups = body.getValue("messages") instanceof JsonArray a ? a : new JsonArray();
    for (Object g : groups) {
      if (!(g instanceof JsonObject group)) {
        continue;
      }
      String ptr = group.getValue("instance_ptr") instanceof String s ? s : "";
      JsonArray details = group.getValue("messages") instanceof JsonArray a ? a : new JsonArray();
      for (Object d : details) {
        if (d instanceof JsonObject m) {
          long id = m.getValue("id") instanceof Number n ? n.longValue() : 0;
          String text = m.getValue("text") instanceof String s ? s : "";
          UiText.Type type = "error".equals(m.getValue("type")) ? UiText.Type.ERROR : UiText.Type.INFO;
          JsonObject context = m.getValue("context") instanceof JsonObject c ? c : null;
          messages.add(new FlowInterrupted.NodeMessage(ptr, new UiText(id, text, type, context)));
        }
      }
    }
    if (groups.isEmpty()) {
      return KratosError.internal("error while parsing webhook response: got no validation errors");
    }
    return new FlowInterrupted("a webhook target returned an error", messages);
  }

  private static JsonObject object(WebHookTransport.Answer answer) {
    try {
      Object v = Json.decodeValue(answer.body().toString());
      if (v instanceof JsonObject o) {
        return o;
      }
    } catch (DecodeException e) {
      // answered below
    }
    throw KratosError.internal("webhook response could not be unmarshalled properly from JSON");
  }

  private String id() {
    return config.id().isEmpty() ? path : config.id();
  }
}

package io.portcullis.contracts;

import io.portcullis.spi.HttpCaller;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The messages of {@link Addresses#SESSION_CHECK}: passed by reference inside a node (the usual case: an edge runs the
 * proxy and session roles together) and as JSON when a proxy asks the session role of another node. Wire shapes:
 * call {@code {"method", "url", "headers": {name: [values]}, "body": base64|null, "timeout_ms": long|null}}, reply
 * {@code {"status", "headers", "body"}}.
 */
public final class SessionCheckCodecs {
  private SessionCheckCodecs() {
  }

  /** Registers both codecs as the defaults for their types on {@code vertx}; idempotent. */
  public static void register(Vertx vertx) {
    register(vertx, HttpCaller.Call.class, SessionCheckCodecs::toJson, SessionCheckCodecs::call);
    register(vertx, HttpCaller.Reply.class, SessionCheckCodecs::toJson, SessionCheckCodecs::reply);
  }

  private static <T> void register(Vertx vertx, Class<T> type, Function<T, JsonObject> out,
      Function<JsonObject, T> in) {
    try {
      vertx.eventBus().registerDefaultCodec(type, new JsonCodec<>(type.getName(), out, in));
    } catch (IllegalStateException alreadyRegistered) {
      // Registered by another role of the same node.
    }
  }

  static JsonObject toJson(HttpCaller.Call c) {
    return new JsonObject().put("method", c.method()).put("url", c.url()).put("headers", headers(c.headers()))
        .put("body", base64(c.body())).put("timeout_ms", c.timeout() == null ? null : c.timeout().toMillis());
  }

  static HttpCaller.Call call(JsonObject j) {
    Long timeout = j.getLong("timeout_ms");
    return new HttpCaller.Call(j.getString("method"), j.getString("url"), headers(j.getJsonObject("headers")),
        bytes(j.getString("body")), timeout == null ? null : Duration.ofMillis(timeout));
  }

  static JsonObject toJson(HttpCaller.Reply r) {
    return new JsonObject().put("status", r.status()).put("headers", headers(r.headers())).put("body", base64(r.body()));
  }

  static HttpCaller.Reply reply(JsonObject j) {
    return new HttpCaller.Reply(j.getInteger("status"), headers(j.getJsonObject("headers")), bytes(j.getString("body")));
  }

  private static JsonObject headers(Map<String, List<String>> headers) {
    JsonObject out = new JsonObject();
    headers.forEach((k, v) -> out.put(k, new JsonArray(new ArrayList<>(v))));
    return out;
  }

  private static Map<String, List<String>> headers(JsonObject json) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    json.forEach(e -> {
      List<String> values = new ArrayList<>();
      ((JsonArray) e.getValue()).forEach(v -> values.add((String) v));
      out.put(e.getKey(), List.copyOf(values));
    });
    return out;
  }

  private static String base64(byte[] body) {
    return body == null ? null : Base64.getEncoder().encodeToString(body);
  }

  private static byte[] bytes(String base64) {
    return base64 == null ? null : Base64.getDecoder().decode(base64);
  }

  /** Same-node deliveries get the object itself (it is immutable); remote ones its JSON. */
  private record JsonCodec<T>(String name, Function<T, JsonObject> out, Function<JsonObject, T> in)
      implements MessageCodec<T, T> {
    @Override
    public void encodeToWire(Buffer buffer, T t) {
      Buffer json = out.apply(t).toBuffer();
      buffer.appendInt(json.length()).appendBuffer(json);
    }

    @Override
    public T decodeFromWire(int pos, Buffer buffer) {
      int length = buffer.getInt(pos);
      return in.apply(new JsonObject(buffer.getBuffer(pos + 4, pos + 4 + length)));
    }

    @Override
    public T transform(T t) {
      return t;
    }

    @Override
    public byte systemCodecID() {
      return -1;
    }
  }
}

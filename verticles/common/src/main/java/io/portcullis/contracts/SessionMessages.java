package io.portcullis.contracts;

import io.portcullis.spi.HttpCaller;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON shapes of {@link Addresses#SESSION_CHECK}: a check request and its reply. */
public final class SessionMessages {
  private SessionMessages() {
  }

  public static JsonObject request(HttpCaller.Call call) {
    return new JsonObject().put("method", call.method()).put("url", call.url()).put("headers", headers(call.headers()))
        .put("timeout_ms", call.timeout() == null ? 10_000 : call.timeout().toMillis());
  }

  public static HttpCaller.Call call(JsonObject o) {
    return new HttpCaller.Call(o.getString("method", "GET"), o.getString("url"), headers(o.getJsonObject("headers")),
        null, Duration.ofMillis(o.getLong("timeout_ms", 10_000L)));
  }

  public static JsonObject reply(HttpCaller.Reply r) {
    return new JsonObject().put("status", r.status()).put("headers", headers(r.headers())).put("body", r.body());
  }

  public static HttpCaller.Reply reply(JsonObject o) {
    return new HttpCaller.Reply(o.getInteger("status"), headers(o.getJsonObject("headers")), o.getBinary("body"));
  }

  private static JsonObject headers(Map<String, List<String>> headers) {
    JsonObject o = new JsonObject();
    headers.forEach((k, v) -> o.put(k, new JsonArray(new ArrayList<>(v))));
    return o;
  }

  private static Map<String, List<String>> headers(JsonObject o) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (o != null) {
      for (String k : o.fieldNames()) {
        List<String> values = new ArrayList<>();
        o.getJsonArray(k).forEach(v -> values.add(String.valueOf(v)));
        out.put(k, values);
      }
    }
    return out;
  }
}

package io.portcullis.identity.it;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** A browser over plain HTTP: a cookie jar, redirects not followed (so 303 locations can be asserted). */
final class Browser {
  final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
  final HttpClient http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER)
      .build();

  HttpResponse<String> get(String url, String... headers) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(url)).GET(), headers);
  }

  HttpResponse<String> getJson(String url) throws Exception {
    return get(url, "Accept", "application/json");
  }

  /** A form POST; {@code headers} as name, value pairs. */
  HttpResponse<String> postForm(String url, Map<String, String> form, String... headers) throws Exception {
    String body = form.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
        .collect(Collectors.joining("&"));
    return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body)), headers);
  }

  HttpResponse<String> postJson(String url, JsonObject body, String... headers) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.encode())), headers);
  }

  HttpResponse<String> send(HttpRequest.Builder b, String... headers) throws Exception {
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  Optional<HttpCookie> cookie(String name) {
    return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name)).findFirst();
  }

  Optional<HttpCookie> cookieStartingWith(String prefix) {
    return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().startsWith(prefix)).findFirst();
  }

  /** Copies a cookie into another browser's jar (as an attacker with a stolen or planted cookie would). */
  void plant(HttpCookie c, String url) {
    HttpCookie copy = (HttpCookie) c.clone();
    cookies.getCookieStore().add(URI.create(url), copy);
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** The flow id of a {@code ?flow=} location. */
  static String flowId(String location) {
    int i = location.indexOf("flow=");
    return location.substring(i + 5).split("&")[0];
  }

  /** The value of a ui node named {@code name}. */
  static String nodeValue(JsonObject flow, String name) {
    return node(flow, name).getJsonObject("attributes").getString("value");
  }

  static JsonObject node(JsonObject flow, String name) {
    for (Object o : flow.getJsonObject("ui").getJsonArray("nodes")) {
      JsonObject n = (JsonObject) o;
      if (name.equals(n.getJsonObject("attributes").getString("name"))) {
        return n;
      }
    }
    throw new AssertionError("no node " + name + " in " + flow.encodePrettily());
  }

  /** Message ids of the node {@code name}. */
  static java.util.List<Long> nodeMessageIds(JsonObject flow, String name) {
    return ids(node(flow, name).getJsonArray("messages"));
  }

  /** Message ids of the form itself ({@code ui.messages}). */
  static java.util.List<Long> uiMessageIds(JsonObject flow) {
    JsonArray m = flow.getJsonObject("ui").getJsonArray("messages");
    return m == null ? java.util.List.of() : ids(m);
  }

  private static java.util.List<Long> ids(JsonArray messages) {
    return messages == null ? java.util.List.of()
        : messages.stream().map(o -> ((JsonObject) o).getLong("id")).collect(Collectors.toList());
  }
}

package io.portcullis.identity.api;

import io.portcullis.identitysessions.kratos.KratosError;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

/**
 * Kratos' keyset pagination: {@code page_size} (1 to 1000, default 250) and an opaque {@code page_token}; the next
 * page is announced in a {@code Link} header ({@code rel="first"} and {@code rel="next"}).
 */
public record Pagination(int size, UUID after) {
  public static final int DEFAULT_SIZE = 250;
  public static final int MAX_SIZE = 1000;

  public static Pagination of(RoutingContext ctx) {
    return of(ctx, DEFAULT_SIZE);
  }

  /** As {@link #of(RoutingContext)} for a list whose default page size is {@code defaultSize}. */
  public static Pagination of(RoutingContext ctx, int defaultSize) {
    String size = ctx.request().getParam("page_size");
    if (size == null) {
      size = ctx.request().getParam("per_page");
    }
    int n = defaultSize;
    if (size != null) {
      try {
        n = Integer.parseInt(size);
      } catch (NumberFormatException e) {
        n = -1;
      }
      if (n < 1 || n > MAX_SIZE) {
        throw KratosError.badRequest("page_size is \"" + size + "\", expected a number from 1 to " + MAX_SIZE + ".");
      }
    }
    String token = ctx.request().getParam("page_token");
    return new Pagination(n, token == null || token.isEmpty() ? null : decode(token));
  }

  public static String encode(UUID after) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(("k1:" + after).getBytes(StandardCharsets.UTF_8));
  }

  static UUID decode(String token) {
    try {
      String s = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      if (!s.startsWith("k1:")) {
        throw new IllegalArgumentException();
      }
      return UUID.fromString(s.substring(3));
    } catch (IllegalArgumentException e) {
      throw KratosError.badRequest("page_token \"" + token + "\" is not a token this server issued.");
    }
  }

  /** Sets the {@code Link} header for a page whose successor starts after {@code next} (null: last page). */
  public void link(RoutingContext ctx, String baseUrl, UUID next) {
    link(ctx, baseUrl, next, java.util.Map.of());
  }

  /** As {@link #link(RoutingContext, String, UUID)}, the list's {@code filters} kept in both links (as Kratos does). */
  public void link(RoutingContext ctx, String baseUrl, UUID next, java.util.Map<String, String> filters) {
    StringBuilder query = new StringBuilder();
    filters.forEach((k, v) -> query.append('&').append(k).append('=')
        .append(java.net.URLEncoder.encode(v, StandardCharsets.UTF_8)));
    String path = baseUrl + ctx.request().path() + "?page_size=" + size + query;
    String header = "<" + path + ">; rel=\"first\"";
    if (next != null) {
      header += ",<" + path + "&page_token=" + encode(next) + ">; rel=\"next\"";
    }
    ctx.response().putHeader("Link", header);
  }
}

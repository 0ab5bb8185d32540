package io.portcullis.tracing;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.spi.context.storage.ContextLocal;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The request id of the request being handled, for log lines: the client's {@code X-Request-Id} when it is a sane
 * token, else one made up the first time a line asks for it (a request that logs nothing makes none). It lives on the
 * request's Vert.x (duplicated) context, which every callback of that request runs on, not in a thread's MDC.
 */
public final class RequestIds {
  /** Registered before any Vertx exists (see {@link ContextLocals}): a Vertx sizes its contexts' locals at birth. */
  static final ContextLocal<String> LOCAL = ContextLocal.registerLocal(String.class);
  /** "No id yet": compared by identity, never shown. */
  private static final String PENDING = new String("pending");
  private static final int MAX_LENGTH = 128;
  private static final HexFormat HEX = HexFormat.of();

  private RequestIds() {
  }

  /** Marks the current context as {@code request}'s; called first thing by every server's request handler. */
  public static void begin(HttpServerRequest request) {
    Context context = Vertx.currentContext();
    if (context != null) {
      String given = request.getHeader("X-Request-Id");
      LOCAL.put(context, given != null && sane(given) ? given : PENDING);
    }
  }

  /** The current request's id, or null outside a request. */
  public static String current() {
    Context context = Vertx.currentContext();
    String id = context == null ? null : LOCAL.get(context);
    if (id == PENDING) {
      ThreadLocalRandom random = ThreadLocalRandom.current();
      id = HEX.toHexDigits(random.nextLong()) + HEX.toHexDigits(random.nextLong());
      LOCAL.put(context, id);
    }
    return id;
  }

  /** Printable ASCII without spaces or quotes, so a forged id cannot break a text line or look like another field. */
  private static boolean sane(String id) {
    if (id.isEmpty() || id.length() > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (c <= ' ' || c > '~' || c == '"' || c == '\\') {
        return false;
      }
    }
    return true;
  }
}

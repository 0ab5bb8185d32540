package io.portcullis.proxy.impl;

import io.portcullis.spi.ErrorResponse;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.function.Consumer;

/** Answers a proxied request with an error instead of an upstream's answer. */
public final class ErrorAnswer {
  private ErrorAnswer() {
  }

  /**
   * Sends {@code error} to the client of {@code in}.
   *
   * @param beforeSending sees the answer's headers last (CORS, or metrics and audit of a granted request)
   */
  public static void send(HttpServerRequest in, ErrorResponse error, Consumer<MultiMap> beforeSending) {
    HttpServerResponse response = in.response();
    MultiMap headers = response.headers();
    error.headers().forEach(headers::set);
    headers.set("Content-Type", error.contentType());
    headers.set("Cache-Control", "no-store");
    beforeSending.accept(headers);
    // Drain whatever body was sent so the connection stays usable for the next request.
    in.resume();
    response.setStatusCode(error.status()).end(Buffer.buffer(error.body()));
  }
}

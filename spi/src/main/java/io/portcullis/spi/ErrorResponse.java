package io.portcullis.spi;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** What an error handler answers; written the same way by the proxy and by {@code /decisions}. */
public record ErrorResponse(int status, Map<String, String> headers, String contentType, byte[] body) {
  public ErrorResponse {
    headers = Map.copyOf(headers);
  }

  public static ErrorResponse of(int status, Map<String, String> headers, String contentType, String body) {
    return new ErrorResponse(status, headers, contentType, body.getBytes(StandardCharsets.UTF_8));
  }
}

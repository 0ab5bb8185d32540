package io.portcullis.spi;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/** The host's shared non-blocking HTTP client, as plugins see it. */
public interface HttpCaller {
  /** Sends {@code call}; completes with the reply, or exceptionally on a connection error or timeout. */
  CompletionStage<Reply> send(Call call);

  /**
   * A request.
   *
   * @param headers header names to values; may be empty
   * @param body may be null
   * @param timeout the whole exchange, connection included
   */
  record Call(String method, String url, Map<String, List<String>> headers, byte[] body, Duration timeout) {
    public static Call get(String url, Duration timeout) {
      return new Call("GET", url, Map.of(), null, timeout);
    }
  }

  /** A response; header names are lower-case. */
  record Reply(int status, Map<String, List<String>> headers, byte[] body) {
    public String header(String name) {
      List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
      return values == null || values.isEmpty() ? null : values.get(0);
    }

    public String bodyAsString() {
      return body == null ? "" : new String(body, java.nio.charset.StandardCharsets.UTF_8);
    }
  }
}

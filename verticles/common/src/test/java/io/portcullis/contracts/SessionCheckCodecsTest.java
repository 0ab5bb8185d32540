package io.portcullis.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.spi.HttpCaller;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A session check and its answer survive the trip to another node's session role: same fields, bytes intact. */
class SessionCheckCodecsTest {
  @Test
  void callsAndRepliesRoundTripThroughTheirWireShape() {
    HttpCaller.Call call = new HttpCaller.Call("GET", "http://kratos:4433/sessions/whoami",
        Map.of("cookie", List.of("ory_kratos_session=abc"), "x-two", List.of("a", "b")), null, Duration.ofSeconds(3));
    HttpCaller.Call back = SessionCheckCodecs.call(SessionCheckCodecs.toJson(call));
    assertThat(back.method()).isEqualTo("GET");
    assertThat(back.url()).isEqualTo(call.url());
    assertThat(back.headers()).isEqualTo(call.headers());
    assertThat(back.body()).isNull();
    assertThat(back.timeout()).isEqualTo(Duration.ofSeconds(3));
    HttpCaller.Reply reply = new HttpCaller.Reply(200, Map.of("content-type", List.of("application/json")),
        new byte[] {'{', '}', 0, (byte) 0xff});
    HttpCaller.Reply again = SessionCheckCodecs.reply(SessionCheckCodecs.toJson(reply));
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.header("content-type")).isEqualTo("application/json");
    assertThat(again.body()).containsExactly(reply.body());
  }
}

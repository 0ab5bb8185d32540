package io.portcullis.identity.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class IdentityEventsTest {

  @Test
  void loginFailedPayloadBytes() throws Exception {
    UUID flow = UUID.fromString("00000000-0000-4000-8000-000000000001");
    String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest("alice@example.com".getBytes(StandardCharsets.UTF_8)));
    assertThat(IdentityEvents.loginFailed(flow, " Alice@Example.COM ", new ClientInfo("192.0.2.1", "curl/8"))
        .encode()).isEqualTo("{\"method\":\"password\",\"client_address\":\"192.0.2.1\","
            + "\"reason\":\"invalid_credentials\",\"flow_id\":\"" + flow + "\",\"identifier_hash\":\"" + hash
            + "\",\"user_agent\":\"curl/8\"}");
    assertThat(IdentityEvents.loginFailed(flow, "bob", new ClientInfo("", null)).encode())
        .as("client_address always present, user_agent only when known")
        .startsWith("{\"method\":\"password\",\"client_address\":\"\",").doesNotContain("user_agent");
  }
}

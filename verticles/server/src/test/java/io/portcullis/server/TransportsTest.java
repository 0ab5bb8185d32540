package io.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.transport.Transport;
import org.junit.jupiter.api.Test;

class TransportsTest {
  @Test
  void autoTakesTheBestAvailableNativeTransport() {
    Transport chosen = Transports.choose("auto");
    assertThat(chosen.available()).isTrue();
    if (Transport.IO_URING != null && Transport.IO_URING.available()) {
      assertThat(chosen).isSameAs(Transport.IO_URING);
    } else if (Transport.EPOLL != null && Transport.EPOLL.available()) {
      assertThat(chosen).isSameAs(Transport.EPOLL);
    } else {
      assertThat(chosen).isSameAs(Transport.NIO);
    }
  }

  @Test
  void namedTransportsAreTakenAsNamed() {
    assertThat(Transports.choose("nio")).isSameAs(Transport.NIO);
    if (Transport.EPOLL != null && Transport.EPOLL.available()) {
      assertThat(Transports.choose("epoll")).isSameAs(Transport.EPOLL);
    }
  }
}

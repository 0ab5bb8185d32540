package io.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.transport.Transport;
import org.junit.jupiter.api.Test;

class TransportsTest {
  @Test
  void autoTakesEpollWhereAvailableAndNeverIoUring() {
    // Regression: auto took io_uring, which lost up to 45% of the answers to Connection: close requests.
    Transport chosen = Transports.choose("auto");
    assertThat(chosen.available()).isTrue();
    assertThat(chosen).isNotSameAs(Transport.IO_URING);
    if (Transport.EPOLL != null && Transport.EPOLL.available()) {
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

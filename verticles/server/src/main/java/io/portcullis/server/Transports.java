package io.portcullis.server;

import io.portcullis.config.InvalidConfigException;
import io.vertx.core.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The network transport of a node ({@code portcullis.transport}). On the proxy path most of the CPU goes to the
 * kernel's socket calls, so the transport matters more than any code of ours: io_uring submits a loop's socket
 * operations in batches instead of one system call each. {@code auto} takes epoll where available, else Java NIO;
 * io_uring only when named: on Vert.x 5.0.7 it loses answers to connections the client asked to close (up to 45% of
 * {@code Connection: close} requests on loopback, see ConnectionCloseTest) and resets concurrent h2c streams. A transport named
 * explicitly must be available or the node does not start.
 */
final class Transports {
  private static final Logger LOG = LoggerFactory.getLogger(Transports.class);

  private Transports() {
  }

  static Transport choose(String configured) {
    Transport chosen = switch (configured) {
      case "io_uring" -> required(configured, Transport.IO_URING);
      case "epoll" -> required(configured, Transport.EPOLL);
      case "nio" -> Transport.NIO;
      default -> firstAvailable(Transport.EPOLL);
    };
    LOG.info("network transport: {}", name(chosen));
    return chosen;
  }

  private static Transport firstAvailable(Transport... candidates) {
    for (Transport t : candidates) {
      if (t != null && t.available()) {
        return t;
      }
      if (t != null) {
        LOG.debug("transport {} not available: {}", name(t), String.valueOf(t.unavailabilityCause()));
      }
    }
    return Transport.NIO;
  }

  private static Transport required(String configured, Transport t) {
    if (t == null || !t.available()) {
      Throwable cause = t == null ? null : t.unavailabilityCause();
      throw new InvalidConfigException("portcullis.transport", "\"" + configured + "\" is not available on this machine"
          + (cause == null ? "" : " (" + cause + ")") + "; use auto, epoll or nio");
    }
    return t;
  }

  static String name(Transport t) {
    if (t == Transport.IO_URING) {
      return "io_uring";
    }
    return t == Transport.EPOLL ? "epoll" : "nio";
  }
}

package io.portcullis.proxy;

import io.vertx.core.net.HostAndPort;

/**
 * What the proxy knows of a request as it arrived, before any rule ran.
 *
 * @param start when it arrived ({@link System#nanoTime()})
 * @param peer the address of the connection's other end
 * @param client the client's address: the peer, or the first trusted {@code X-Forwarded-For} entry
 * @param scheme {@code http} or {@code https}, as the client used it
 * @param authority the client's Host, or null
 */
record Arrival(long start, String peer, String client, String scheme, HostAndPort authority) {
  /** The client's Host as text, empty when it sent none. */
  String host() {
    return authority == null ? "" : authority.toString();
  }
}

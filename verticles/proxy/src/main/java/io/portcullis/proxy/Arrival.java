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
 * @param host the client's Host as text, empty when it sent none: made once, as the decision, the forwarded headers
 *     and the audit event all read it
 */
record Arrival(long start, String peer, String client, String scheme, HostAndPort authority, String host) {
  Arrival(long start, String peer, String client, String scheme, HostAndPort authority) {
    this(start, peer, client, scheme, authority, authority == null ? "" : authority.toString());
  }
}

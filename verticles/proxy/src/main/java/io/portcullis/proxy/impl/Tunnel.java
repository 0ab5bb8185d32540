package io.portcullis.proxy.impl;

import io.vertx.core.net.NetSocket;

/**
 * Two connections joined after a protocol switch (a WebSocket upgrade): bytes are relayed as they come, in both
 * directions, with back-pressure (a side stops reading while the other cannot take more), and the end or failure of
 * either side closes the other.
 */
final class Tunnel {
  private Tunnel() {
  }

  static void join(NetSocket client, NetSocket upstream) {
    client.pipeTo(upstream);
    upstream.pipeTo(client);
  }
}

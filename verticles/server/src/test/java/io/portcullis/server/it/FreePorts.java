package io.portcullis.server.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free loopback ports, so tests never use Portcullis' defaults and can run beside a running instance. A port is handed
 * out some time before the node binds it, so it is drawn at random from below the kernel's ephemeral range: there no
 * other process's {@code bind(0)} or outgoing connection can take it meanwhile (a port from the ephemeral range was
 * taken so on a busy machine: "bind failed: Address already in use"), and this JVM never hands out one port twice.
 */
final class FreePorts {
  private static final int LOWEST = 10_000;
  private static final Set<Integer> HANDED_OUT = new HashSet<>();

  private FreePorts() {
  }

  static synchronized int next() {
    int highest = Math.max(ephemeralStart(), LOWEST + 1_000);
    for (int attempt = 0; attempt < 1_000; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(LOWEST, highest);
      if (!HANDED_OUT.contains(port) && bindable(port)) {
        HANDED_OUT.add(port);
        return port;
      }
    }
    throw new IllegalStateException("no free loopback port between " + LOWEST + " and " + highest);
  }

  private static boolean bindable(int port) {
    try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException taken) {
      return false;
    }
  }

  /** The first port of {@code net.ipv4.ip_local_port_range}; Linux' default where it cannot be read. */
  private static int ephemeralStart() {
    try {
      return Integer.parseInt(Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim()
          .split("\\s+")[0]);
    } catch (IOException | RuntimeException e) {
      return 32_768;
    }
  }
}

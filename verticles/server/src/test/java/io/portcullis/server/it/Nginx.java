package io.portcullis.server.it;

import java.io.File;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real nginx on a free loopback port, run from a temporary prefix with the given {@code http {}} servers (where
 * {@code %PORT%} is its port). nginx must be installed (.ci/run installs it).
 */
final class Nginx implements AutoCloseable {
  static final String NGINX = "/usr/sbin/nginx";
  final int port = FreePorts.next();
  private final Process process;

  Nginx(String servers) throws Exception {
    if (!new File(NGINX).exists()) {
      throw new AssertionError("nginx is required for this test (apt-get install -y nginx)");
    }
    Path dir = Files.createTempDirectory("portcullis-nginx");
    Path conf = dir.resolve("nginx.conf");
    Files.writeString(conf, """
        worker_processes 1;
        daemon off;
        pid %1$s/nginx.pid;
        error_log %1$s/error.log warn;
        events { worker_connections 64; }
        http {
          access_log off;
          client_body_temp_path %1$s/body; proxy_temp_path %1$s/proxy; fastcgi_temp_path %1$s/fcgi;
          uwsgi_temp_path %1$s/uwsgi; scgi_temp_path %1$s/scgi;
        """.formatted(dir) + servers.replace("%PORT%", String.valueOf(port)).indent(2) + "}\n");
    process = new ProcessBuilder(NGINX, "-p", dir.toString(), "-c", conf.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        break;
      } catch (IOException e) {
        if (System.nanoTime() > deadline || !process.isAlive()) {
          throw new AssertionError("nginx did not start: " + Files.readString(dir.resolve("stdout.log"))
              + (Files.exists(dir.resolve("error.log")) ? Files.readString(dir.resolve("error.log")) : ""));
        }
        Thread.sleep(50);
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    process.waitFor(5, TimeUnit.SECONDS);
  }
}

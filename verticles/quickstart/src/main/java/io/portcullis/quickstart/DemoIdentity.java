package io.portcullis.quickstart;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;

/**
 * The identity the banner offers to log in with. Created through the admin API, as an operator would, so the demo
 * exercises that API too. Its password is random per quickstart folder and kept in {@code <dir>/demo-password}, so a
 * rerun with the same {@code --dir} (where the identity already exists: 409) prints the password that still works.
 */
final class DemoIdentity {
  static final String EMAIL = "demo@portcullis.local";

  /** @param created false when the identity was already there from an earlier run */
  record Credentials(String email, String password, boolean created) {
  }

  private DemoIdentity() {
  }

  static Credentials ensure(Path home, String adminUrl) throws IOException, InterruptedException {
    Path file = home.resolve("demo-password");
    boolean known = Files.exists(file);
    String password = known ? Files.readString(file).strip() : newPassword(file);
    JsonObject body = new JsonObject()
        .put("schema_id", "default")
        .put("traits", new JsonObject().put("email", EMAIL))
        .put("credentials", new JsonObject().put("password", new JsonObject()
            .put("config", new JsonObject().put("password", password))));
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(adminUrl
            + "/admin/identities"))
        .timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() == 201) {
      return new Credentials(EMAIL, password, true);
    }
    if (r.statusCode() == 409) {
      if (!known) {
        System.err.println(EMAIL + " exists from an earlier run whose password file " + file + " is gone; delete "
            + home.resolve("postgres") + " to start over.");
      }
      return new Credentials(EMAIL, password, false);
    }
    throw new IOException("the admin API refused the demo identity: " + r.statusCode() + " " + r.body());
  }

  private static String newPassword(Path file) throws IOException {
    byte[] bytes = new byte[18];
    new SecureRandom().nextBytes(bytes);
    String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    Files.writeString(file, password + "\n");
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system; the folder's own permissions apply
    }
    return password;
  }
}

// The identity benchmark's client side for what wrk cannot do well: creating identities, logging them in, and the
// two-step API login flow under load. A single-file program (java IdentityDriver.java ...), JDK only, no build.
//
//   setup ADMIN_URL PUBLIC_URL COUNT CONCURRENCY TOKENS_FILE
//       creates COUNT identities (POST /admin/identities, password credential in clear, hashed by the server), logs
//       each in once through the API flow and writes the session tokens to TOKENS_FILE, one per line.
//   login PUBLIC_URL COUNT CONCURRENCY SECONDS
//       CONCURRENCY workers, each a closed loop for SECONDS: GET /self-service/login/api, then
//       POST /self-service/login?flow=<id> with {method: password, identifier, password}; identities in rotation.
//       Prints one line: logins completed, logins/s, p50/p99/max of a whole login (both requests) in ms, failures.
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public final class IdentityDriver {
  private static final Pattern FLOW_ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");
  private static final Pattern TOKEN = Pattern.compile("\"session_token\"\\s*:\\s*\"([^\"]+)\"");
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  static String email(int i) {
    return "bench-" + i + "@example.org";
  }

  static String password(int i) {
    return "Correct-Horse-" + i + "-Battery-Staple";
  }

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "setup" -> setup(args[1], args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]), Path.of(args[5]));
      case "login" -> login(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
      default -> throw new IllegalArgumentException("setup | login");
    }
  }

  static void setup(String admin, String pub, int count, int concurrency, Path tokensFile) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    List<Future<String>> tokens = new ArrayList<>();
    for (int n = 0; n < count; n++) {
      int i = n;
      tokens.add(pool.submit(() -> {
        String body = "{\"schema_id\":\"default\",\"traits\":{\"email\":\"" + email(i) + "\"},"
            + "\"credentials\":{\"password\":{\"config\":{\"password\":\"" + password(i) + "\"}}}}";
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(admin + "/admin/identities"))
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
        if (r.statusCode() != 201) {
          throw new IllegalStateException("create identity " + i + ": " + r.statusCode() + " " + r.body());
        }
        return loginOnce(pub, i);
      }));
    }
    List<String> lines = new ArrayList<>();
    for (Future<String> t : tokens) {
      lines.add(t.get());
    }
    pool.shutdown();
    Files.write(tokensFile, lines);
  }

  /** The API login flow, both steps; returns the session token or throws with the answer. */
  static String loginOnce(String pub, int i) throws Exception {
    HttpResponse<String> flow = send(HttpRequest.newBuilder(URI.create(pub + "/self-service/login/api"))
        .header("Accept", "application/json").GET());
    Matcher id = FLOW_ID.matcher(flow.body());
    if (flow.statusCode() != 200 || !id.find()) {
      throw new IllegalStateException("login flow: " + flow.statusCode() + " " + flow.body());
    }
    String body = "{\"method\":\"password\",\"identifier\":\"" + email(i) + "\",\"password\":\"" + password(i) + "\"}";
    HttpResponse<String> done = send(HttpRequest.newBuilder(URI.create(pub + "/self-service/login?flow=" + id.group(1)))
        .header("Content-Type", "application/json").header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)));
    Matcher token = TOKEN.matcher(done.body());
    if (done.statusCode() != 200 || !token.find()) {
      throw new IllegalStateException("login: " + done.statusCode() + " " + done.body());
    }
    return token.group(1);
  }

  static void login(String pub, int count, int concurrency, int seconds) throws Exception {
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    AtomicInteger next = new AtomicInteger();
    AtomicLong failures = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    List<Future<long[]>> workers = new ArrayList<>();
    long start = System.nanoTime();
    for (int w = 0; w < concurrency; w++) {
      workers.add(pool.submit(() -> {
        long[] lat = new long[1024];
        int n = 0;
        while (System.nanoTime() < end) {
          int i = Math.floorMod(next.getAndIncrement(), count);
          long t0 = System.nanoTime();
          try {
            loginOnce(pub, i);
          } catch (Exception e) {
            if (failures.incrementAndGet() == 1) {
              System.err.println("first failure: " + e.getMessage());
            }
            continue;
          }
          if (n == lat.length) {
            lat = Arrays.copyOf(lat, n * 2);
          }
          lat[n++] = System.nanoTime() - t0;
        }
        return Arrays.copyOf(lat, n);
      }));
    }
    long[] all = new long[0];
    for (Future<long[]> w : workers) {
      long[] l = w.get();
      int from = all.length;
      all = Arrays.copyOf(all, from + l.length);
      System.arraycopy(l, 0, all, from, l.length);
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    pool.shutdown();
    Arrays.sort(all);
    System.out.printf("%d %.1f %.1f %.1f %.1f %d%n", all.length, all.length / elapsed, pct(all, 50), pct(all, 99),
        all.length == 0 ? 0.0 : all[all.length - 1] / 1e6, failures.get());
  }

  static double pct(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int idx = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, idx))] / 1e6;
  }

  static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
    return HTTP.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }
}

package io.portcullis.ruleset.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portcullis.rules.RuleException;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An http repository against a real HTTP server on loopback that answers conditional requests as a CDN would. */
class HttpRuleSourceTest {
  private Vertx vertx;
  private HttpServer server;
  /** What the repository serves: its body, and the status it answers with (200, or a failure). */
  private volatile String body = "[{\"id\": \"a\"}]";
  private volatile String etag = "\"v1\"";
  private volatile int failWith;
  private final List<String> conditions = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    server = vertx.createHttpServer().requestHandler(this::serve).listen(0, "127.0.0.1").await();
  }

  private void serve(HttpServerRequest req) {
    conditions.add(req.getHeader("If-None-Match") + " " + req.getHeader("If-Modified-Since"));
    if (failWith != 0) {
      req.response().setStatusCode(failWith).end();
    } else if (etag.equals(req.getHeader("If-None-Match"))) {
      req.response().setStatusCode(304).end();
    } else {
      req.response().putHeader("ETag", etag).putHeader("Last-Modified", "Mon, 07 Dec 2026 03:00:00 GMT")
          .putHeader("Content-Type", "application/json").end(body);
    }
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  private String url() {
    return "http://127.0.0.1:" + server.actualPort() + "/rules.json";
  }

  @Test
  void pollsConditionallyAndKeepsTheLastGoodCopyWhenTheFetchFails() throws Exception {
    HttpRuleSource source = new HttpRuleSource(url(), HttpRuleSource.newClient());
    assertThat(source.read()).containsExactly(new RuleDocument(url(), "[{\"id\": \"a\"}]"));
    assertThat(conditions).containsExactly("null null");

    assertThat(source.read()).as("304 keeps the documents").containsExactly(new RuleDocument(url(), body));
    assertThat(conditions.get(1)).isEqualTo("\"v1\" Mon, 07 Dec 2026 03:00:00 GMT");
    assertThat(source.degraded()).isNull();

    body = "[{\"id\": \"b\"}]";
    etag = "\"v2\"";
    assertThat(source.read()).containsExactly(new RuleDocument(url(), "[{\"id\": \"b\"}]"));

    failWith = 500;
    assertThat(source.read()).as("a failing fetch keeps the last good copy")
        .containsExactly(new RuleDocument(url(), "[{\"id\": \"b\"}]"));
    assertThat(source.degraded()).isEqualTo(url() + ": HTTP 500; the last good copy keeps serving");

    failWith = 0;
    assertThat(source.read()).containsExactly(new RuleDocument(url(), "[{\"id\": \"b\"}]"));
    assertThat(source.degraded()).isNull();
  }

  @Test
  void aFirstFetchThatFailsIsAnError() {
    failWith = 404;
    HttpRuleSource source = new HttpRuleSource(url(), HttpRuleSource.newClient());
    assertThatThrownBy(source::read).isInstanceOf(RuleException.class)
        .hasMessageContaining(url()).hasMessageContaining("\"HTTP 404\"")
        .hasMessageContaining("expected a GET answered 200 with JSON or YAML rules");
  }

  @Test
  void anUnreachableServerIsAnErrorAtFirst() {
    String closed = url();
    server.close().await();
    assertThatThrownBy(new HttpRuleSource(closed, HttpRuleSource.newClient())::read)
        .isInstanceOf(RuleException.class).hasMessageContaining("ConnectException");
  }
}

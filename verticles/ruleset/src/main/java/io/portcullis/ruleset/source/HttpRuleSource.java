package io.portcullis.ruleset.source;

import io.portcullis.rules.RuleException;
import io.portcullis.rules.RuleProblem;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * An {@code http://} or {@code https://} repository, fetched like Oathkeeper does (a GET answered 200 with JSON or YAML
 * rules) but re-polled at every reload, which Oathkeeper never does (its issue 1072). Polls are conditional: the
 * {@code ETag} and {@code Last-Modified} of the last 200 go back as {@code If-None-Match} and
 * {@code If-Modified-Since}, and a 304 keeps the documents. A failing fetch keeps the last good documents (and says so
 * in {@link #degraded()}); only a first fetch that fails is an error. TLS is checked against the JVM's trust store.
 */
public final class HttpRuleSource implements RuleSource {
  private static final Duration TIMEOUT = Duration.ofSeconds(15);

  private final String location;
  private final URI uri;
  private final HttpClient client;
  private RuleDocument document;
  private String etag;
  private String lastModified;
  private String degraded;

  public HttpRuleSource(String location, HttpClient client) {
    this.location = location;
    this.uri = URI.create(location);
    this.client = client;
  }

  /** The client every HTTP source of a node shares: it follows redirects as Oathkeeper's does. */
  public static HttpClient newClient() {
    return HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NORMAL).build();
  }

  @Override
  public String location() {
    return location;
  }

  @Override
  public synchronized List<RuleDocument> read() throws RuleException {
    String failure;
    try {
      HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET()
          .header("Accept", "application/json, application/yaml;q=0.9, */*;q=0.8");
      if (document != null && etag != null) {
        request.header("If-None-Match", etag);
      }
      if (document != null && lastModified != null) {
        request.header("If-Modified-Since", lastModified);
      }
      HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 200) {
        document = new RuleDocument(location, response.body());
        etag = response.headers().firstValue("ETag").orElse(null);
        lastModified = response.headers().firstValue("Last-Modified").orElse(null);
        degraded = null;
        return List.of(document);
      }
      if (response.statusCode() == 304 && document != null) {
        degraded = null;
        return List.of(document);
      }
      failure = "HTTP " + response.statusCode();
    } catch (IOException e) {
      failure = e.toString();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failure = "interrupted";
    }
    if (document == null) {
      throw new RuleException(List.of(new RuleProblem(location, null, null, failure,
          "a GET answered 200 with JSON or YAML rules")));
    }
    degraded = location + ": " + failure + "; the last good copy keeps serving";
    return List.of(document);
  }

  @Override
  public synchronized String degraded() {
    return degraded;
  }
}

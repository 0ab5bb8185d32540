package io.portcullis.pipeline;

import io.portcullis.rules.url.RequestUrl;
import io.portcullis.rules.template.TemplateObject;
import io.portcullis.spi.AccessRequest;
import io.portcullis.spi.AuthSession;
import java.util.List;

/**
 * What a template sees, with the names Oathkeeper's session has: {@code .Subject}, {@code .Extra},
 * {@code .Header.Get}, {@code .MatchContext.RegexpCaptureGroups}, {@code .MatchContext.URL.Path},
 * {@code .MatchContext.Method}, {@code .MatchContext.Header.Get}. Resolved lazily: nothing is copied per request.
 */
final class TemplateData implements TemplateObject {
  private final AccessRequest request;
  private final AuthSession session;

  TemplateData(AccessRequest request, AuthSession session) {
    this.request = request;
    this.session = session;
  }

  @Override
  public Object field(String name) {
    return switch (name) {
      case "Subject" -> session.subject();
      case "Extra" -> session.extra();
      case "Header" -> new Headers(null, session);
      case "MatchContext" -> new MatchContext(request);
      default -> null;
    };
  }

  private record MatchContext(AccessRequest request) implements TemplateObject {
    @Override
    public Object field(String name) {
      return switch (name) {
        case "RegexpCaptureGroups" -> request.captureGroups();
        case "Method" -> request.method();
        case "Header" -> new Headers(request, null);
        case "URL" -> new Url(request);
        default -> null;
      };
    }
  }

  private record Url(AccessRequest request) implements TemplateObject {
    @Override
    public Object field(String name) {
      return switch (name) {
        case "Scheme" -> request.scheme();
        case "Host" -> request.host();
        case "Path" -> request.path();
        case "RawQuery" -> request.query() == null ? "" : request.query();
        default -> null;
      };
    }

    @Override
    public Object call(String method, List<Object> args) {
      if (method.equals("String")) {
        String q = request.query();
        return request.scheme() + "://" + request.host() + RequestUrl.encodePath(request.path())
            + (q == null ? "" : "?" + q);
      }
      return null;
    }

    @Override
    public String toString() {
      return String.valueOf(call("String", List.of()));
    }
  }

  /** Request headers (match context) or the headers mutators set so far (session). */
  private record Headers(AccessRequest request, AuthSession session) implements TemplateObject {
    @Override
    public Object field(String name) {
      return null;
    }

    @Override
    public Object call(String method, List<Object> args) {
      if (!method.equals("Get") || args.size() != 1 || args.get(0) == null) {
        return null;
      }
      String name = String.valueOf(args.get(0));
      String v = request != null ? request.header(name) : session.headers().get(name);
      return v == null ? "" : v;
    }
  }
}

package io.portcullis.plugins.builtin.mutate;

import io.portcullis.spi.ConfigException;
import io.portcullis.spi.HandlerConfig;
import io.portcullis.spi.HandlerContext;
import io.portcullis.spi.Mutator;
import io.portcullis.spi.MutatorFactory;
import io.portcullis.spi.Outcome;
import io.portcullis.spi.RequestTemplate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.pf4j.Extension;

/**
 * {@code cookie}: sets cookies on the upstream request from templates. Cookies of the same name that the client sent
 * are replaced, the others are kept, as Oathkeeper does.
 */
@Extension
public final class CookieMutator implements MutatorFactory {
  @Override
  public String id() {
    return "cookie";
  }

  @Override
  public Mutator create(HandlerConfig config, HandlerContext context) throws ConfigException {
    config.requireOnly(Set.of("cookies"));
    Map<String, RequestTemplate> cookies = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : config.stringMap("cookies").entrySet()) {
      String field = config.field("cookies") + "." + e.getKey();
      HeaderNames.requireToken(field, e.getKey());
      cookies.put(e.getKey(), context.template(field, e.getValue()));
    }
    return (request, session) -> {
      String current = session.headers().get("Cookie");
      Map<String, String> jar = parse(current != null ? current : String.join("; ", request.headers("Cookie")));
      for (Map.Entry<String, RequestTemplate> e : cookies.entrySet()) {
        jar.put(e.getKey(), sanitize(e.getValue().render(request, session)));
      }
      StringBuilder header = new StringBuilder();
      for (Map.Entry<String, String> e : jar.entrySet()) {
        if (header.length() > 0) {
          header.append("; ");
        }
        header.append(e.getKey()).append('=').append(e.getValue());
      }
      session.setHeader("Cookie", header.toString());
      return Outcome.successStage();
    };
  }

  private static Map<String, String> parse(String header) {
    Map<String, String> jar = new LinkedHashMap<>();
    for (String part : header.split(";")) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        jar.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
      }
    }
    return jar;
  }

  /** A rendered value must not be able to smuggle another cookie in. */
  private static String sanitize(String value) {
    StringBuilder out = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c > 0x20 && c < 0x7f && c != ';' && c != ',' && c != '"' && c != '\\') {
        out.append(c);
      }
    }
    return out.toString();
  }
}

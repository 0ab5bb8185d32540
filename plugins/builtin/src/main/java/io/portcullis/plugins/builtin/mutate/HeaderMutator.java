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
 * {@code header}: sets upstream request headers from templates, e.g. {@code X-User: "{{ print .Subject }}"}. The
 * value replaces whatever the client sent under that name, so an identity header cannot be spoofed.
 */
@Extension
public final class HeaderMutator implements MutatorFactory {
  @Override
  public String id() {
    return "header";
  }

  @Override
  public Mutator create(HandlerConfig config, HandlerContext context) throws ConfigException {
    config.requireOnly(Set.of("headers"));
    Map<String, RequestTemplate> headers = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : config.stringMap("headers").entrySet()) {
      HeaderNames.requireToken(config.field("headers") + "." + e.getKey(), e.getKey());
      headers.put(e.getKey(), context.template(config.field("headers") + "." + e.getKey(), e.getValue()));
    }
    return (request, session) -> {
      for (Map.Entry<String, RequestTemplate> e : headers.entrySet()) {
        session.setHeader(e.getKey(), e.getValue().render(request, session));
      }
      return Outcome.successStage();
    };
  }
}

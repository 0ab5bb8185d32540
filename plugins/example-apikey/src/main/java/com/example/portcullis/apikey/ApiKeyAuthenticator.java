package com.example.portcullis.apikey;

import io.portcullis.spi.Authenticator;
import io.portcullis.spi.AuthenticatorFactory;
import io.portcullis.spi.ConfigException;
import io.portcullis.spi.HandlerConfig;
import io.portcullis.spi.HandlerContext;
import io.portcullis.spi.Outcome;
import io.portcullis.spi.PluginCounter;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.pf4j.Extension;

/**
 * {@code api_key}: authenticates a key sent in a header (default {@code X-API-Key}) against a file of SHA-256 key
 * hashes. A request without the header is not this authenticator's business (the next one is tried); an unknown key
 * is a 401. The subject and scopes come from the file; scopes land in {@code .Extra.scopes}.
 *
 * <pre>
 * authenticators:
 *   api_key:
 *     enabled: true
 *     config:
 *       keys_file: /etc/portcullis/api-keys.txt   # lines: sha256-hex subject [scope,scope]
 *       header: X-API-Key
 * </pre>
 */
@Extension
public final class ApiKeyAuthenticator implements AuthenticatorFactory {
  private static final CompletionStage<Outcome> UNKNOWN_KEY = Outcome.completed(Outcome.unauthorized("unknown API key"));

  @Override
  public String id() {
    return "api_key";
  }

  @Override
  public Authenticator create(HandlerConfig config, HandlerContext context) throws ConfigException {
    config.requireOnly(Set.of("keys_file", "header"));
    String file = config.requiredString("keys_file");
    String header = config.string("header", "X-API-Key");
    // Rules are compiled on a worker thread, so reading the file here never blocks an event loop.
    KeyFile keys = KeyFile.read(config.field("keys_file"), Path.of(file));
    PluginCounter accepted = context.services().counter("api_key_accepted");
    PluginCounter rejected = context.services().counter("api_key_rejected");
    return (request, session) -> {
      String key = request.header(header);
      if (key == null || key.isBlank()) {
        return Outcome.notResponsibleStage();
      }
      KeyFile.Entry entry = keys.find(key.trim());
      if (entry == null) {
        rejected.increment();
        return UNKNOWN_KEY;
      }
      accepted.increment();
      session.setSubject(entry.subject());
      session.extra().put("scopes", entry.scopes());
      return Outcome.successStage();
    };
  }
}

package io.portcullis.identity.hook;

import io.portcullis.config.IdentityConfig;
import io.portcullis.config.InvalidConfigException;
import io.portcullis.identity.jsonnet.Jsonnet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The hooks Portcullis can run, by the name configurations use. The built-in ones are registered by
 * {@link #withBuiltIns}; a flow that brings its own (e.g. {@code show_verification_ui}) registers it before the
 * {@link HookRunner} is built, which is when every configured name must be known.
 */
public final class HookRegistry {
  private final Map<String, HookFactory> factories = new LinkedHashMap<>();

  /** A registry with Kratos' {@code session}, {@code revoke_active_sessions}, {@code require_verified_address} and {@code web_hook}. */
  public static HookRegistry withBuiltIns(HookServices services) {
    HookRegistry r = new HookRegistry();
    r.register("session", (entry, path) -> new SessionIssuer(services));
    r.register("revoke_active_sessions", (entry, path) -> new SessionDestroyer(services.sessions()));
    r.register("require_verified_address", (entry, path) -> new AddressVerifier());
    WebHookTransport[] transport = new WebHookTransport[1];
    r.register("web_hook", (entry, path) -> {
      var config = entry.webHook(path);
      if (transport[0] == null) {
        String jsonnet = Jsonnet.findOnPath();
        if (jsonnet == null) {
          throw new InvalidConfigException(path + ".config.body", "web hook bodies are rendered by the jsonnet "
              + "command, which is not on PATH (install the Debian package jsonnet)");
        }
        transport[0] = new WebHookTransport(services.vertx(), services.clients(), jsonnet);
      }
      return new WebHook(config, path, services, transport[0]);
    });
    return r;
  }

  /** Adds the hook {@code name}; a name can be registered once. */
  public HookRegistry register(String name, HookFactory factory) {
    if (factories.putIfAbsent(name, factory) != null) {
      throw new IllegalStateException("the hook " + name + " is registered already");
    }
    return this;
  }

  public Set<String> names() {
    return new TreeSet<>(factories.keySet());
  }

  /** The hook of one configuration entry at {@code path}; an unknown name is a configuration error. */
  Hook create(IdentityConfig.Hook entry, String path) {
    HookFactory f = factories.get(entry.hook());
    if (f == null) {
      throw new InvalidConfigException(path + ".hook", "\"" + entry.hook() + "\" is not a hook Portcullis runs; "
          + "known hooks: " + names());
    }
    return f.create(entry, path);
  }
}

package io.portcullis.pipeline;

import io.portcullis.spi.AuthenticatorFactory;
import io.portcullis.spi.AuthorizerFactory;
import io.portcullis.spi.MutatorFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.pf4j.DefaultPluginManager;
import org.pf4j.PluginManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every authenticator, authorizer and mutator factory by id, found through PF4J: the built-ins on the class path
 * (they declare themselves in {@code META-INF/extensions.idx}) and the plugins in the plugin directory. The proxy core
 * knows handlers only through this registry.
 */
public final class HandlerRegistry implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HandlerRegistry.class);

  private final PluginManager plugins;
  private final Map<String, AuthenticatorFactory> authenticators;
  private final Map<String, AuthorizerFactory> authorizers;
  private final Map<String, MutatorFactory> mutators;

  private HandlerRegistry(PluginManager plugins) {
    this.plugins = plugins;
    this.authenticators = byId(plugins.getExtensions(AuthenticatorFactory.class), AuthenticatorFactory::id, "authenticator");
    this.authorizers = byId(plugins.getExtensions(AuthorizerFactory.class), AuthorizerFactory::id, "authorizer");
    this.mutators = byId(plugins.getExtensions(MutatorFactory.class), MutatorFactory::id, "mutator");
    LOG.info("handlers: authenticators {}, authorizers {}, mutators {}", authenticators.keySet(),
        authorizers.keySet(), mutators.keySet());
  }

  /** Loads and starts the plugins in {@code pluginDirectory} (absent is fine) and collects every handler. */
  public static HandlerRegistry load(Path pluginDirectory) {
    PluginManager manager = new DefaultPluginManager(pluginDirectory);
    // Without the directory there is nothing to load (PF4J would otherwise look elsewhere); built-ins still come
    // from the class path.
    if (Files.isDirectory(pluginDirectory)) {
      manager.loadPlugins();
      manager.startPlugins();
    }
    return new HandlerRegistry(manager);
  }

  private static <T> Map<String, T> byId(List<T> factories, Function<T, String> id, String kind) {
    Map<String, T> map = new TreeMap<>();
    for (T f : factories) {
      T previous = map.putIfAbsent(id.apply(f), f);
      if (previous != null) {
        throw new IllegalStateException("two " + kind + "s declare the id \"" + id.apply(f) + "\": "
            + previous.getClass().getName() + " and " + f.getClass().getName());
      }
    }
    return Collections.unmodifiableMap(map);
  }

  public Optional<AuthenticatorFactory> authenticator(String id) {
    return Optional.ofNullable(authenticators.get(id));
  }

  public Optional<AuthorizerFactory> authorizer(String id) {
    return Optional.ofNullable(authorizers.get(id));
  }

  public Optional<MutatorFactory> mutator(String id) {
    return Optional.ofNullable(mutators.get(id));
  }

  public Map<String, AuthenticatorFactory> authenticators() {
    return authenticators;
  }

  public Map<String, AuthorizerFactory> authorizers() {
    return authorizers;
  }

  public Map<String, MutatorFactory> mutators() {
    return mutators;
  }

  @Override
  public void close() {
    plugins.stopPlugins();
  }
}

package io.portcullis.pipeline;

import io.portcullis.spi.AuthenticatorFactory;
import io.portcullis.spi.AuthorizerFactory;
import io.portcullis.spi.ErrorHandlerFactory;
import io.portcullis.spi.MutatorFactory;
import io.portcullis.spi.SpiVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.pf4j.DefaultPluginManager;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.pf4j.util.FileUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every authenticator, authorizer, mutator and error handler factory by id, found through PF4J: the built-ins on the class path
 * (they declare themselves in {@code META-INF/extensions.idx}) and the plugins in the plugin directory. The proxy core
 * knows handlers only through this registry.
 *
 * <p>A plugin whose {@code Plugin-Requires} asks for a newer SPI than {@link SpiVersion#VERSION}, or that fails to
 * start, is refused and listed in {@link #refused()}. Plugins added to the directory later are picked up by
 * {@link #loadNewPlugins()}; replacing or removing a loaded plugin needs a restart (see docs/plugins.md).
 */
public final class HandlerRegistry implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HandlerRegistry.class);

  private final DefaultPluginManager plugins;
  private final Path directory;
  private final Set<Path> seen = new HashSet<>();
  private final List<String> refused = new ArrayList<>();
  private volatile Handlers handlers;

  /** One consistent view of the factories; replaced whole when plugins are added. */
  private record Handlers(Map<String, AuthenticatorFactory> authenticators, Map<String, AuthorizerFactory> authorizers,
      Map<String, MutatorFactory> mutators, Map<String, ErrorHandlerFactory> errorHandlers, long generation) {
  }

  private HandlerRegistry(DefaultPluginManager plugins, Path directory) {
    this.plugins = plugins;
    this.directory = directory;
  }

  /** Loads and starts the plugins in {@code pluginDirectory} (absent is fine) and collects every handler. */
  public static HandlerRegistry load(Path pluginDirectory) {
    DefaultPluginManager manager = new DefaultPluginManager(pluginDirectory);
    manager.setSystemVersion(SpiVersion.VERSION);
    HandlerRegistry registry = new HandlerRegistry(manager, pluginDirectory);
    // Without the directory there is nothing to load (PF4J would otherwise look elsewhere); built-ins still come
    // from the class path.
    if (Files.isDirectory(pluginDirectory)) {
      manager.loadPlugins();
      manager.startPlugins();
      manager.getPlugins().forEach(p -> registry.seen.add(p.getPluginPath().toAbsolutePath()));
      registry.seen.addAll(registry.pluginFiles());
      manager.getPlugins().forEach(registry::checkStarted);
    }
    registry.collect(0);
    return registry;
  }

  /**
   * Loads plugin files that appeared in the directory since the last look. Blocking (file I/O): call on a worker.
   *
   * @return true when new handlers became available
   */
  public synchronized boolean loadNewPlugins() {
    boolean added = false;
    for (Path file : pluginFiles()) {
      if (!seen.add(file)) {
        continue;
      }
      try {
        String id = plugins.loadPlugin(FileUtils.expandIfZip(file));
        PluginWrapper wrapper = plugins.getPlugin(id);
        if (wrapper.getPluginState() != PluginState.DISABLED) {
          plugins.startPlugin(id);
        }
        added |= checkStarted(wrapper);
      } catch (IOException | RuntimeException e) {
        refuse("plugin " + file + " cannot be loaded: " + e.getMessage());
      }
    }
    if (added) {
      collect(handlers.generation() + 1);
    }
    return added;
  }

  private List<Path> pluginFiles() {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(p -> {
        String name = p.getFileName().toString();
        return !name.startsWith(".") && (name.endsWith(".zip") || name.endsWith(".jar"));
      }).map(Path::toAbsolutePath).sorted().toList();
    } catch (IOException e) {
      LOG.warn("cannot list plugin directory {}: {}", directory, e.getMessage());
      return List.of();
    }
  }

  private boolean checkStarted(PluginWrapper p) {
    if (p.getPluginState() == PluginState.STARTED) {
      LOG.info("plugin {} {} started from {}", p.getPluginId(), p.getDescriptor().getVersion(), p.getPluginPath());
      return true;
    }
    String requires = p.getDescriptor().getRequires();
    if (p.getPluginState() == PluginState.DISABLED && requires != null && !requires.isBlank()
        && !plugins.getVersionManager().checkVersionConstraint(SpiVersion.VERSION, requires.trim())) {
      refuse("plugin " + p.getPluginId() + " " + p.getDescriptor().getVersion() + " requires Portcullis SPI "
          + requires.trim() + ", but this Portcullis provides SPI " + SpiVersion.VERSION
          + "; it is not loaded (upgrade Portcullis or use a plugin version built for SPI " + SpiVersion.VERSION + ")");
    } else {
      refuse("plugin " + p.getPluginId() + " is " + p.getPluginState().toString().toLowerCase()
          + (p.getFailedException() == null ? "" : ": " + p.getFailedException()));
    }
    return false;
  }

  private void refuse(String message) {
    LOG.error(message);
    synchronized (refused) {
      refused.add(message);
    }
  }

  private void collect(long generation) {
    handlers = new Handlers(
        byId(plugins.getExtensions(AuthenticatorFactory.class), AuthenticatorFactory::id, "authenticator"),
        byId(plugins.getExtensions(AuthorizerFactory.class), AuthorizerFactory::id, "authorizer"),
        byId(plugins.getExtensions(MutatorFactory.class), MutatorFactory::id, "mutator"),
        byId(plugins.getExtensions(ErrorHandlerFactory.class), ErrorHandlerFactory::id, "error handler"),
        generation);
    LOG.info("handlers: authenticators {}, authorizers {}, mutators {}, error handlers {}",
        handlers.authenticators().keySet(), handlers.authorizers().keySet(), handlers.mutators().keySet(),
        handlers.errorHandlers().keySet());
  }

  private static <T> Map<String, T> byId(List<T> factories, Function<T, String> id, String kind) {
    Map<String, T> map = new TreeMap<>();
    for (T f : factories) {
      T previous = map.putIfAbsent(id.apply(f), f);
      if (previous != null && previous.getClass() != f.getClass()) {
        throw new IllegalStateException("two " + kind + "s declare the id \"" + id.apply(f) + "\": "
            + previous.getClass().getName() + " and " + f.getClass().getName());
      }
    }
    return Collections.unmodifiableMap(map);
  }

  public Optional<AuthenticatorFactory> authenticator(String id) {
    return Optional.ofNullable(handlers.authenticators().get(id));
  }

  public Optional<AuthorizerFactory> authorizer(String id) {
    return Optional.ofNullable(handlers.authorizers().get(id));
  }

  public Optional<MutatorFactory> mutator(String id) {
    return Optional.ofNullable(handlers.mutators().get(id));
  }

  public Optional<ErrorHandlerFactory> errorHandler(String id) {
    return Optional.ofNullable(handlers.errorHandlers().get(id));
  }

  public Map<String, AuthenticatorFactory> authenticators() {
    return handlers.authenticators();
  }

  public Map<String, AuthorizerFactory> authorizers() {
    return handlers.authorizers();
  }

  public Map<String, MutatorFactory> mutators() {
    return handlers.mutators();
  }

  public Map<String, ErrorHandlerFactory> errorHandlers() {
    return handlers.errorHandlers();
  }

  /** Increases whenever plugins add handlers, so rule sets compiled before can be compiled again. */
  public long generation() {
    return handlers.generation();
  }

  /** Why plugins were not loaded, for error messages and health details. */
  public List<String> refused() {
    synchronized (refused) {
      return List.copyOf(refused);
    }
  }

  @Override
  public void close() {
    plugins.stopPlugins();
  }
}

package io.portcullis.runtime;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.file.FileProps;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Calls back when files change without a restart (a renewed certificate, an edited configuration file or mounted
 * ConfigMap): every {@code interval} their modification times and sizes are compared with those of the last change
 * handled. The files are read through Vert.x' file system, off the event loop; a file being replaced may fail to stat,
 * then that check is skipped. A change whose handler fails is handled again at the next check. The timer ends with the
 * verticle that started the watch, or with Vert.x.
 */
public final class FileWatch {
  private final Vertx vertx;
  private final List<String> paths;
  private final Supplier<Future<?>> onChange;
  private String handled;
  private boolean busy;

  private FileWatch(Vertx vertx, List<String> paths, Supplier<Future<?>> onChange) {
    this.vertx = vertx;
    this.paths = paths;
    this.onChange = onChange;
  }

  /** Takes the files' present state as handled, then checks every {@code interval}; succeeds once watching. */
  public static Future<Void> start(Vertx vertx, List<String> paths, Duration interval, Supplier<Future<?>> onChange) {
    FileWatch watch = new FileWatch(vertx, paths, onChange);
    return watch.stamp().map(now -> {
      watch.handled = now;
      vertx.setPeriodic(Math.max(1, interval.toMillis()), id -> watch.check());
      return null;
    });
  }

  private void check() {
    if (busy) {
      return;
    }
    busy = true;
    stamp().compose(now -> now.equals(handled) ? Future.succeededFuture()
            : onChange.get().onSuccess(done -> handled = now))
        .onComplete(done -> busy = false);
  }

  /** The files' modification times and sizes. */
  private Future<String> stamp() {
    List<Future<FileProps>> props = paths.stream().map(p -> vertx.fileSystem().props(p)).toList();
    return Future.all(props).map(all -> props.stream().map(f -> f.result().lastModifiedTime() + ":" + f.result().size())
        .collect(Collectors.joining(",")));
  }
}

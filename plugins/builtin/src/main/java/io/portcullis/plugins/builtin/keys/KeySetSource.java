package io.portcullis.plugins.builtin.keys;

import com.nimbusds.jose.jwk.JWKSet;
import io.portcullis.spi.HttpCaller;
import io.portcullis.spi.PluginServices;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One JSON Web Key Set location with the last set read from it and at most one read in flight. A read replaces the
 * whole set (a key removed at the source is gone here too: removal is revocation); a failed read keeps the last one.
 * Files are read on a host worker, never on the event loop. Thread-safe: shared by every rule that names the location.
 */
public final class KeySetSource {
  /** A read that takes longer is abandoned (callers stop waiting much earlier, at their own max wait). */
  static final Duration READ_TIMEOUT = Duration.ofSeconds(15);

  /** A set and when it was read (the services' clock, millis). */
  public record Loaded(JWKSet set, long readAtMillis) {
  }

  private final KeySetLocation location;
  private final PluginServices services;
  private final AtomicReference<Loaded> current = new AtomicReference<>();
  private final AtomicReference<CompletableFuture<Loaded>> inFlight = new AtomicReference<>();
  /** When the last read started (services' clock), for the rate limit; {@code Long.MIN_VALUE} before any. */
  private volatile long lastReadStartMillis = Long.MIN_VALUE;
  private volatile Runnable onLoad = () -> { };

  KeySetSource(KeySetLocation location, PluginServices services) {
    this.location = location;
    this.services = services;
  }

  public KeySetLocation location() {
    return location;
  }

  /** The last set read, or null before the first successful read. */
  public Loaded current() {
    return current.get();
  }

  /**
   * The read in flight, or a new one when the last started at least {@code minIntervalMillis} ago; null when a read
   * is not due, so a location that keeps failing, or tokens naming unknown keys, cannot make us hammer it.
   */
  public CompletionStage<Loaded> refreshIfDue(long minIntervalMillis) {
    CompletableFuture<Loaded> running = inFlight.get();
    if (running != null) {
      return running;
    }
    long last = lastReadStartMillis;
    if (last != Long.MIN_VALUE && services.clock().millis() - last < minIntervalMillis) {
      return null;
    }
    return refresh();
  }

  /** Called after every successful read (e.g. to publish the public keys again). */
  public void onLoad(Runnable listener) {
    this.onLoad = listener;
  }

  /**
   * Reads the set again, or joins the read in flight. Completes with the new set, or exceptionally when the location
   * could not be read or parsed (the last set is then kept).
   */
  public CompletionStage<Loaded> refresh() {
    CompletableFuture<Loaded> mine = new CompletableFuture<>();
    CompletableFuture<Loaded> running = inFlight.compareAndExchange(null, mine);
    if (running != null) {
      return running;
    }
    lastReadStartMillis = services.clock().millis();
    CompletionStage<String> text;
    try {
      text = location.isFile()
          ? services.blocking(() -> Files.readString(location.file()))
          : services.http().send(HttpCaller.Call.get(location.url(), READ_TIMEOUT)).thenApply(this::body);
    } catch (RuntimeException e) {
      text = CompletableFuture.failedFuture(e);
    }
    text.thenApply(this::parse).whenComplete((loaded, failure) -> {
      inFlight.set(null);
      if (failure != null) {
        mine.completeExceptionally(failure);
        return;
      }
      current.set(loaded);
      onLoad.run();
      mine.complete(loaded);
    });
    return mine;
  }

  /** Reads the set now, blocking the calling thread: only where blocking is allowed (a factory's create). */
  public Loaded loadNow() throws Exception {
    if (!location.isFile()) {
      throw new IllegalStateException("only files are read at once");
    }
    lastReadStartMillis = services.clock().millis();
    Loaded loaded = parse(Files.readString(location.file()));
    current.set(loaded);
    onLoad.run();
    return loaded;
  }

  private String body(HttpCaller.Reply reply) {
    if (reply.status() < 200 || reply.status() >= 400) {
      throw new IllegalStateException("Expected successful status code from location \"" + location.url()
          + "\", but received code \"" + reply.status() + "\"");
    }
    return reply.bodyAsString();
  }

  private Loaded parse(String text) {
    try {
      return new Loaded(JWKSet.parse(text), services.clock().millis());
    } catch (java.text.ParseException e) {
      throw new IllegalStateException("Unable to decode JSON Web Keys from location \"" + location.url()
          + "\" because \"" + e.getMessage() + "\"", e);
    }
  }
}

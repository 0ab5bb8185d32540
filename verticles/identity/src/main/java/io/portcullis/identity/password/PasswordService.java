package io.portcullis.identity.password;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@link PasswordHasher} for Vert.x code: the CPU-heavy work runs on a dedicated worker pool, never on an event loop,
 * and results complete on the caller's context.
 *
 * <p>The pool ("portcullis-password") has one thread per available processor: more would only queue on the CPU, and
 * each running argon2 holds {@code memoryKiB} (at most 256 MiB), so the pool size also bounds password-hashing memory.
 * The pool is a shared executor: services created with the same Vert.x instance share it (the first creation decides
 * its size), and it is closed when the last of them is closed. Excess requests queue.
 */
public final class PasswordService implements AutoCloseable {

  /** The worker pool's name, also the prefix of its threads' names. */
  public static final String POOL_NAME = "portcullis-password";

  /** Longest expected blocking time before Vert.x's blocked-thread checker warns. */
  private static final long MAX_EXECUTE_SECONDS = 10;

  private final PasswordHasher hasher;
  private final WorkerExecutor executor;

  public PasswordService(Vertx vertx, HashingConfig config) {
    this(vertx, config, Runtime.getRuntime().availableProcessors());
  }

  /** As {@link #PasswordService(Vertx, HashingConfig)} with an explicit pool size. */
  public PasswordService(Vertx vertx, HashingConfig config, int poolSize) {
    Objects.requireNonNull(vertx, "vertx");
    if (poolSize < 1) {
      throw new IllegalArgumentException("poolSize: " + poolSize + ", expected >= 1");
    }
    this.hasher = new PasswordHasher(config);
    this.executor = vertx.createSharedWorkerExecutor(POOL_NAME, poolSize, MAX_EXECUTE_SECONDS, TimeUnit.SECONDS);
  }

  /** The synchronous hasher, for the cheap calls and for code already on a worker thread. */
  public PasswordHasher hasher() {
    return hasher;
  }

  /** {@link PasswordHasher#hash}; fails with {@link PasswordTooLongException} for bcrypt over 72 bytes. */
  public Future<String> hash(String password) {
    return submit(() -> hasher.hash(password));
  }

  /** {@link PasswordHasher#verify}; never fails for bad stored data, it answers false. */
  public Future<Boolean> verify(String password, String encoded) {
    return submit(() -> hasher.verify(password, encoded));
  }

  /** Runs {@link PasswordHasher#verifyAgainstDummy} for an unknown identifier; always answers false. */
  public Future<Boolean> verifyUnknown(String password) {
    return submit(() -> {
      hasher.verifyAgainstDummy(password);
      return false;
    });
  }

  /** {@link PasswordHasher#needsRehash}; cheap (parsing only), so synchronous. */
  public boolean needsRehash(String encoded) {
    return hasher.needsRehash(encoded);
  }

  /** Releases this service's reference to the shared pool. */
  @Override
  public void close() {
    executor.close();
  }

  /** Runs blocking work on the pool, unordered so concurrent requests use every thread. */
  <T> Future<T> submit(Callable<T> work) {
    return executor.executeBlocking(work, false);
  }
}

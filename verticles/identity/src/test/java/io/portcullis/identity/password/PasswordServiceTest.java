package io.portcullis.identity.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PasswordServiceTest {

  static final HashingConfig SMALL = HashingConfig.argon2(new Argon2Params(1024, 1, 1, 16, 32));

  Vertx vertx;
  PasswordService service;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    service = new PasswordService(vertx, SMALL);
  }

  @AfterEach
  void stop() throws Exception {
    service.close();
    await(vertx.close());
  }

  @Test
  void hashesAndVerifies() throws Exception {
    String hash = await(service.hash("correct horse"));
    assertThat(hash).startsWith("$argon2id$v=19$m=1024,t=1,p=1$");
    assertThat(await(service.verify("correct horse", hash))).isTrue();
    assertThat(await(service.verify("wrong horse", hash))).isFalse();
    assertThat(await(service.verify("correct horse", "not-a-hash"))).isFalse();
    assertThat(await(service.verifyUnknown("correct horse"))).isFalse();
    assertThat(service.needsRehash(hash)).isFalse();
    assertThat(service.hasher().config()).isEqualTo(SMALL);
  }

  @Test
  void workRunsOnThePasswordPoolNotAnEventLoop() throws Exception {
    List<Object> where = await(service.submit(() ->
        List.of(Context.isOnEventLoopThread(), Context.isOnWorkerThread(), Thread.currentThread().getName())));
    assertThat(where.get(0)).isEqualTo(false);
    assertThat(where.get(1)).isEqualTo(true);
    assertThat((String) where.get(2)).startsWith(PasswordService.POOL_NAME);
  }

  @Test
  void bcryptTooLongFailsTheFuture() throws Exception {
    try (PasswordService bcrypt = new PasswordService(vertx, HashingConfig.bcrypt(new BcryptParams(4)))) {
      assertThatThrownBy(() -> await(bcrypt.hash("x".repeat(73))))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(PasswordTooLongException.class);
      assertThat(await(bcrypt.verify("pw-123456", await(bcrypt.hash("pw-123456"))))).isTrue();
    }
  }

  @Test
  void worksFromAVerticleAndCompletesOnItsEventLoop() throws Exception {
    Promise<List<Object>> result = Promise.promise();
    await(vertx.deployVerticle(new AbstractVerticle() {
      PasswordService own;

      @Override
      public void start() {
        own = new PasswordService(vertx, SMALL);
        Thread loop = Thread.currentThread();
        own.hash("from-a-verticle")
            .compose(hash -> own.verify("from-a-verticle", hash))
            .onComplete(ar -> result.complete(List.of(
                ar.succeeded() && ar.result(),
                Context.isOnEventLoopThread(),
                Thread.currentThread() == loop)));
      }

      @Override
      public void stop() {
        own.close();
      }
    }));
    assertThat(await(result.future())).containsExactly(true, true, true);
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}

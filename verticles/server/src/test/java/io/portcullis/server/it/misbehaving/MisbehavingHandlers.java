package io.portcullis.server.it.misbehaving;

import io.portcullis.spi.Authenticator;
import io.portcullis.spi.AuthenticatorFactory;
import io.portcullis.spi.Authorizer;
import io.portcullis.spi.AuthorizerFactory;
import io.portcullis.spi.HandlerConfig;
import io.portcullis.spi.HandlerContext;
import io.portcullis.spi.Outcome;
import java.util.concurrent.CompletableFuture;
import org.pf4j.Extension;

/** Handlers that break every rule of the contract, to prove the host contains them. Test class path only. */
public final class MisbehavingHandlers {
  private MisbehavingHandlers() {
  }

  @Extension
  public static final class Throws implements AuthenticatorFactory {
    public String id() {
      return "test_throws";
    }

    public Authenticator create(HandlerConfig config, HandlerContext context) {
      return (request, session) -> {
        throw new IllegalStateException("secret internal detail");
      };
    }
  }

  @Extension
  public static final class NeverAnswers implements AuthenticatorFactory {
    public String id() {
      return "test_never";
    }

    public Authenticator create(HandlerConfig config, HandlerContext context) {
      return (request, session) -> new CompletableFuture<>();
    }
  }

  @Extension
  public static final class ReturnsNull implements AuthenticatorFactory {
    public String id() {
      return "test_null";
    }

    public Authenticator create(HandlerConfig config, HandlerContext context) {
      return (request, session) -> null;
    }
  }

  @Extension
  public static final class FailsAsynchronously implements AuthenticatorFactory {
    public String id() {
      return "test_fails_later";
    }

    public Authenticator create(HandlerConfig config, HandlerContext context) {
      return (request, session) -> CompletableFuture.supplyAsync(() -> {
        throw new IllegalArgumentException("boom");
      });
    }
  }

  @Extension
  public static final class Blocks implements AuthenticatorFactory {
    public String id() {
      return "test_blocks";
    }

    public Authenticator create(HandlerConfig config, HandlerContext context) {
      return (request, session) -> {
        try {
          Thread.sleep(1000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return Outcome.successStage();
      };
    }
  }

  /** An authorizer answering "not responsible": garbage for its stage. */
  @Extension
  public static final class GarbageAuthorizer implements AuthorizerFactory {
    public String id() {
      return "test_garbage";
    }

    public Authorizer create(HandlerConfig config, HandlerContext context) {
      return (request, session) -> Outcome.notResponsibleStage();
    }
  }

  /** An authorizer that tries to rewrite who the subject is: the session refuses, so the request is denied. */
  @Extension
  public static final class RewritesSubject implements AuthorizerFactory {
    public String id() {
      return "test_rewrites_subject";
    }

    public Authorizer create(HandlerConfig config, HandlerContext context) {
      return (request, session) -> {
        session.extra().put("role", "admin");
        return Outcome.successStage();
      };
    }
  }

  /** An asynchronous authenticator that answers correctly, from another thread. */
  @Extension
  public static final class AsyncOk implements AuthenticatorFactory {
    public String id() {
      return "test_async_ok";
    }

    public Authenticator create(HandlerConfig config, HandlerContext context) {
      return (request, session) -> CompletableFuture.supplyAsync(() -> {
        session.setSubject("async-user");
        return Outcome.success();
      });
    }
  }

  /** Fails when created: the rule is refused at load, not at request time. */
  @Extension
  public static final class CannotBeCreated implements AuthenticatorFactory {
    public String id() {
      return "test_broken_factory";
    }

    public Authenticator create(HandlerConfig config, HandlerContext context) {
      throw new NoClassDefFoundError("com/missing/Dependency");
    }
  }
}

package io.portcullis.identity.flow.recovery;

import io.portcullis.identity.courier.Courier;
import io.portcullis.identity.courier.TemplateType;
import io.portcullis.identity.flow.Flow;
import io.portcullis.identity.flow.FlowKit;
import io.portcullis.identity.flow.onetime.Letters;
import io.portcullis.identity.flow.onetime.OneTimeKind;
import io.portcullis.identity.flow.onetime.OneTimeSecrets;
import io.portcullis.identity.flow.onetime.OneTimeStore;
import io.portcullis.identity.flow.onetime.OneTimeSubmission;
import io.portcullis.identity.store.IdentityStore;
import io.portcullis.identitysessions.model.Identity;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.time.Duration;
import java.time.Instant;

/**
 * Mails a recovery link or code to the recovery address typed, in the caller's transaction (the secret and its letter
 * exist exactly when the flow step committed). An address nobody has gets nothing, or with
 * {@code notify_unknown_recipients} a letter saying someone tried; the answer is the same either way, so the form
 * does not tell who has an account.
 */
final class RecoveryMail {
  private final FlowKit kit;
  private final IdentityStore identities;
  private final OneTimeStore secrets;
  private final Courier courier;

  RecoveryMail(FlowKit kit, IdentityStore identities, OneTimeStore secrets, Courier courier) {
    this.kit = kit;
    this.identities = identities;
    this.secrets = secrets;
    this.courier = courier;
  }

  /** Sends what {@code kind} (a link or a code) is to {@code in}'s address, for flow {@code f}. */
  Future<Void> send(SqlClient tx, Flow f, OneTimeSubmission in, OneTimeKind kind) {
    boolean link = kind == OneTimeKind.RECOVERY_LINK;
    return identities.findRecoveryAddress(tx, "email", in.address()).compose(found -> {
      if (found.isEmpty()) {
        if (!kit.settings().notifyUnknownRecipients(RecoveryHandler.KIND)) {
          return Future.succeededFuture();
        }
        return courier.queue(tx, Letters.invalid(link ? TemplateType.RECOVERY_INVALID
            : TemplateType.RECOVERY_CODE_INVALID, in.email(), f, in.transientPayload())).mapEmpty();
      }
      IdentityStore.Address to = found.get();
      return identities.get(tx, to.identityId()).compose(identity -> {
        Duration lifespan = link ? kit.settings().linkLifespan() : kit.settings().codeLifespan();
        String secret = link ? OneTimeSecrets.newToken() : OneTimeSecrets.newCode();
        Instant now = Flow.now();
        return secrets.issue(tx, f.id(), kind, secret, to.identityId(), to, lifespan, now)
            .compose(x -> courier.queue(tx, link
                ? letter(TemplateType.RECOVERY_VALID, to, f, identity.orElseThrow(), in, lifespan, "RecoveryURL",
                    linkUrl(f, secret))
                : letter(TemplateType.RECOVERY_CODE_VALID, to, f, identity.orElseThrow(), in, lifespan,
                    "RecoveryCode", secret)))
            .mapEmpty();
      });
    });
  }

  /** The link Kratos mails: {@code <public base URL>/self-service/recovery?flow=<id>&token=<token>}. */
  String linkUrl(Flow f, String token) {
    return kit.settings().publicBaseUrl() + "/self-service/recovery?flow=" + f.id() + "&token=" + token;
  }

  private io.portcullis.identity.courier.Letter letter(TemplateType t, IdentityStore.Address to, Flow f,
      Identity identity, OneTimeSubmission in, Duration lifespan, String field, String value) {
    return Letters.valid(t, to.value(), f, kit.json().identity(identity), in.transientPayload(), lifespan, field,
        value);
  }
}

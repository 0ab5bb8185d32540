package io.portcullis.identity.flow.verification;

import io.portcullis.identity.courier.Courier;
import io.portcullis.identity.courier.TemplateType;
import io.portcullis.identity.flow.Flow;
import io.portcullis.identity.flow.FlowKit;
import io.portcullis.identity.flow.onetime.Letters;
import io.portcullis.identity.flow.onetime.OneTimeKind;
import io.portcullis.identity.flow.onetime.OneTimeSecrets;
import io.portcullis.identity.flow.onetime.OneTimeStore;
import io.portcullis.identity.store.IdentityStore;
import io.portcullis.identitysessions.model.Identity;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import java.time.Duration;
import java.time.Instant;

/**
 * Mails a verification link or code in the caller's transaction and marks the address {@code sent}. An address
 * nobody has gets nothing, or with {@code notify_unknown_recipients} a letter saying someone tried.
 */
final class VerificationMail {
  private final FlowKit kit;
  private final IdentityStore identities;
  private final OneTimeStore secrets;
  private final Courier courier;

  VerificationMail(FlowKit kit, IdentityStore identities, OneTimeStore secrets, Courier courier) {
    this.kit = kit;
    this.identities = identities;
    this.secrets = secrets;
    this.courier = courier;
  }

  /** To whoever has {@code address} (normalised; {@code typed} as the visitor wrote it), by {@code method}. */
  Future<Void> send(SqlClient tx, Flow f, String method, String address, String typed, JsonObject transientPayload) {
    return identities.findVerifiableAddress(tx, "email", address).compose(found -> {
      if (found.isEmpty()) {
        if (!kit.settings().notifyUnknownRecipients(VerificationHandler.KIND)) {
          return Future.succeededFuture();
        }
        return courier.queue(tx, Letters.invalid(VerificationForm.LINK.equals(method)
            ? TemplateType.VERIFICATION_INVALID : TemplateType.VERIFICATION_CODE_INVALID, typed, f, transientPayload))
            .mapEmpty();
      }
      return identities.get(tx, found.get().identityId())
          .compose(identity -> sendTo(tx, f, method, found.get(), identity.orElseThrow(), transientPayload));
    });
  }

  /** To the known address {@code to} of {@code identity}. */
  Future<Void> sendTo(SqlClient tx, Flow f, String method, IdentityStore.Address to, Identity identity,
      JsonObject transientPayload) {
    boolean link = VerificationForm.LINK.equals(method);
    Duration lifespan = link ? kit.settings().linkLifespan() : kit.settings().codeLifespan();
    String secret = link ? OneTimeSecrets.newToken() : OneTimeSecrets.newCode();
    Instant now = Flow.now();
    String base = kit.settings().publicBaseUrl() + "/self-service/verification?";
    JsonObject who = kit.json().identity(identity);
    return secrets.issue(tx, f.id(), link ? OneTimeKind.VERIFICATION_LINK : OneTimeKind.VERIFICATION_CODE, secret,
            identity.id(), to, lifespan, now)
        .compose(x -> courier.queue(tx, link
            ? Letters.valid(TemplateType.VERIFICATION_VALID, to.value(), f, who, transientPayload, lifespan,
                "VerificationURL", base + "flow=" + f.id() + "&token=" + secret)
            : Letters.valid(TemplateType.VERIFICATION_CODE_VALID, to.value(), f, who, transientPayload, lifespan,
                "VerificationURL", base + "code=" + secret + "&flow=" + f.id(), "VerificationCode", secret)))
        .compose(x -> identities.markVerificationSent(tx, to, now));
  }
}

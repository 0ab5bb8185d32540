package io.portcullis.identity.flow.login;

import io.portcullis.identity.flow.Flow;
import io.portcullis.identity.manage.IdentityService;
import io.portcullis.identity.password.PasswordService;
import io.portcullis.identitysessions.model.Credential;
import io.portcullis.identitysessions.model.Identity;
import io.vertx.core.Future;
import java.util.Locale;
import java.util.Optional;

/**
 * The password method's check: the identity whose password matches, after the same work whether or not the
 * identifier exists (so timing tells nothing); a hash in an outdated format or with weaker parameters is replaced.
 */
final class PasswordLogin {
  private final IdentityService identities;
  private final PasswordService passwords;

  PasswordLogin(IdentityService identities, PasswordService passwords) {
    this.identities = identities;
    this.passwords = passwords;
  }

  /** The active identity {@code identifier} names if {@code password} is its password. */
  Future<Optional<Identity>> authenticate(String identifier, String password) {
    String normalized = identifier.trim().toLowerCase(Locale.ROOT);
    return identities.store().findByIdentifier(identities.pool(), Credential.PASSWORD, normalized).compose(i -> {
      String hash = i.map(x -> x.credential(Credential.PASSWORD)).map(c -> c.config().getString("hashed_password"))
          .orElse(null);
      if (hash == null) {
        return passwords.verifyUnknown(password).map(x -> Optional.<Identity>empty());
      }
      return passwords.verify(password, hash).compose(ok -> {
        if (!ok || !i.get().active()) {
          return Future.succeededFuture(Optional.<Identity>empty());
        }
        if (passwords.needsRehash(hash)) {
          Credential c = i.get().credential(Credential.PASSWORD);
          return passwords.hash(password).compose(h -> identities.store().updateCredentialConfig(identities.pool(),
              c.id(), c.config().copy().put("hashed_password", h), Flow.now())).map(x -> i);
        }
        return Future.succeededFuture(i);
      });
    });
  }
}

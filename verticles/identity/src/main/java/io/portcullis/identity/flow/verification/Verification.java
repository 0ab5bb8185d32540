package io.portcullis.identity.flow.verification;

import io.portcullis.identity.courier.Courier;
import io.portcullis.identity.flow.FlowKit;
import io.portcullis.identity.flow.onetime.MailedFlow;
import io.portcullis.identity.flow.onetime.OneTimeStore;
import io.portcullis.identity.store.IdentityStore;

/**
 * The verification flow's two faces, built together: the self-service endpoints, and the hook that starts a
 * verification after registration and settings.
 */
public record Verification(VerificationHandler flow, AddressVerifier verifier) {

  /** @param courier where verification mail is queued, in the transaction of the step that sends it */
  public static Verification create(FlowKit kit, IdentityStore identities, Courier courier, OneTimeStore secrets) {
    VerificationForm form = new VerificationForm(kit.settings());
    MailedFlow mailed = new MailedFlow(kit, VerificationHandler.KIND, (f, method) -> form.chooseMethod(f, method,
        null));
    VerificationMail mail = new VerificationMail(kit, identities, secrets, courier);
    VerificationParts parts = new VerificationParts(kit, form, mailed, new VerificationRestart(kit, mailed), mail,
        secrets, new VerificationCompletion(kit, identities, form));
    return new Verification(new VerificationHandler(parts, new LinkVerification(parts), new CodeVerification(parts)),
        new AddressVerifier(kit, form, mail));
  }
}

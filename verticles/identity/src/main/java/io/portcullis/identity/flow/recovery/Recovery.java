package io.portcullis.identity.flow.recovery;

import io.portcullis.identity.courier.Courier;
import io.portcullis.identity.flow.FlowKit;
import io.portcullis.identity.flow.onetime.MailedFlow;
import io.portcullis.identity.flow.onetime.OneTimeStore;
import io.portcullis.identity.flow.settings.SettingsHandler;
import io.portcullis.identity.session.SessionService;
import io.portcullis.identity.store.IdentityStore;
import io.portcullis.identity.store.Outbox;

/**
 * The recovery flow's two faces, built together: the self-service endpoints (public API) and the administrator's
 * (admin API).
 */
public record Recovery(RecoveryHandler flow, RecoveryAdmin admin) {

  /**
   * @param courier where recovery mail is queued, in the transaction of the step that sends it
   * @param adminBaseUrl the admin API's base URL (request URL of flows started there)
   */
  public static Recovery create(FlowKit kit, IdentityStore identities, SessionService sessions,
      SettingsHandler settings, Outbox outbox, Courier courier, OneTimeStore secrets, String adminBaseUrl) {
    RecoveryForm form = new RecoveryForm(kit.settings());
    MailedFlow mailed = new MailedFlow(kit, RecoveryHandler.KIND, (f, method) -> form.chooseMethod(f, method, null));
    RecoveryParts parts = new RecoveryParts(kit, form, mailed, new RecoveryRestart(kit, mailed),
        new RecoveryMail(kit, identities, secrets, courier),
        secrets, new RecoveryCompletion(kit, identities, sessions, settings, outbox));
    return new Recovery(new RecoveryHandler(parts, sessions, new LinkRecovery(parts), new CodeRecovery(parts)),
        new RecoveryAdmin(parts, identities, adminBaseUrl));
  }
}

package io.portcullis.identity.flow.settings;

import io.portcullis.identity.flow.Flow;
import io.portcullis.identity.flow.SelfService;
import io.portcullis.identity.flow.oidc.OidcStrategy;
import io.portcullis.identity.manage.IdentityService;
import io.portcullis.identity.schema.IdentitySchema;
import io.portcullis.identity.schema.TraitNodes;
import io.portcullis.identity.ui.CommonNodes;
import io.portcullis.identity.ui.Messages;
import io.portcullis.identity.ui.NodeGroup;
import io.portcullis.identity.ui.UiContainer;
import io.portcullis.identity.webauthn.WebAuthnSettings;
import io.portcullis.identitysessions.model.Identity;

/**
 * CSRF, the profile traits with their values and a Save button, the password with its Save button, the providers
 * to link or unlink, the security keys and passkeys, then the second factors' nodes (TOTP, recovery codes).
 */
final class SettingsForm {
  private final SelfService settings;
  private final IdentityService identities;
  private final OidcStrategy oidc;
  private final WebAuthnSettings webauthn;
  private final TotpSettings totp;
  private final LookupSettings lookup;

  SettingsForm(SelfService settings, IdentityService identities, OidcStrategy oidc, WebAuthnSettings webauthn,
      TotpSettings totp, LookupSettings lookup) {
    this.settings = settings;
    this.identities = identities;
    this.oidc = oidc;
    this.webauthn = webauthn;
    this.totp = totp;
    this.lookup = lookup;
  }

  /** The form of {@code f} for {@code identity}, with the traits of its own schema. */
  UiContainer of(Flow f, Identity identity) {
    UiContainer ui = new UiContainer(settings.formAction(SettingsHandler.KIND, f.id()), "POST");
    ui.appendNode(CommonNodes.csrf(f.csrfToken()));
    IdentitySchema schema = identities.schema(identity.schemaId());
    if (settings.methodEnabled("profile")) {
      TraitNodes.nodes(schema, NodeGroup.PROFILE).forEach(ui::appendNode);
      TraitNodes.fill(ui, identity.traits(), NodeGroup.PROFILE);
      ui.appendNode(CommonNodes.submit("profile", NodeGroup.PROFILE, Messages.labelSave()));
    }
    if (settings.methodEnabled("password")) {
      ui.appendNode(CommonNodes.newPassword());
      ui.appendNode(CommonNodes.submit("password", NodeGroup.PASSWORD, Messages.labelSave()));
    }
    oidc.addSettingsNodes(ui, f, identity);
    webauthn.nodes(f, identity, ui);
    totp.nodes(ui, f, identity);
    lookup.nodes(ui, f.data(), identity);
    return ui;
  }
}

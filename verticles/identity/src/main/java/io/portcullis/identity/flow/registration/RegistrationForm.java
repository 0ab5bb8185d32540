package io.portcullis.identity.flow.registration;

import io.portcullis.identity.flow.Flow;
import io.portcullis.identity.flow.SelfService;
import io.portcullis.identity.flow.oidc.OidcStrategy;
import io.portcullis.identity.schema.IdentitySchema;
import io.portcullis.identity.schema.TraitNodes;
import io.portcullis.identity.ui.CommonNodes;
import io.portcullis.identity.ui.NodeGroup;
import io.portcullis.identity.ui.UiContainer;

/**
 * Kratos' one-step registration form: the "Sign up with" provider buttons, CSRF, the schema's traits (group default),
 * password, "Sign up".
 */
final class RegistrationForm {
  private final SelfService settings;
  private final OidcStrategy oidc;

  RegistrationForm(SelfService settings, OidcStrategy oidc) {
    this.settings = settings;
    this.oidc = oidc;
  }

  UiContainer of(Flow f, IdentitySchema schema) {
    UiContainer ui = new UiContainer(settings.formAction(RegistrationHandler.KIND, f.id()), "POST");
    ui.appendNode(CommonNodes.csrf(f.csrfToken()));
    if (settings.methodEnabled("password")) {
      TraitNodes.nodes(schema, NodeGroup.DEFAULT).forEach(ui::appendNode);
      ui.appendNode(CommonNodes.newPassword());
      ui.appendNode(CommonNodes.submit("password", NodeGroup.PASSWORD, RegistrationMessages.registration()));
    }
    oidc.addRegistrationNodes(ui);
    return ui;
  }
}

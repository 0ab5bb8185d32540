package io.portcullis.identity.flow.login;

import io.portcullis.identity.flow.Flow;
import io.portcullis.identity.flow.SelfService;
import io.portcullis.identity.schema.IdentitySchemas;
import io.portcullis.identity.schema.TraitNodes;
import io.portcullis.identity.ui.CommonNodes;
import io.portcullis.identity.ui.NodeGroup;
import io.portcullis.identity.ui.UiContainer;
import io.portcullis.identitysessions.model.Credential;
import io.portcullis.identitysessions.model.Identity;

/** Kratos' first-factor password form: identifier, CSRF, password, the "Sign in with password" button. */
final class LoginForm {
  private final SelfService settings;
  private final IdentitySchemas schemas;

  LoginForm(SelfService settings, IdentitySchemas schemas) {
    this.settings = settings;
    this.schemas = schemas;
  }

  /** The form of {@code f}; a refresh by {@code current} (may be null) has its identifier filled in. */
  UiContainer of(Flow f, Identity current, boolean refresh) {
    UiContainer ui = new UiContainer(settings.formAction(LoginHandler.KIND, f.id()), "POST");
    if (!settings.methodEnabled("password")) {
      // selfservice.methods.password.enabled: false, as Kratos: no password form, submissions find no strategy.
      ui.appendNode(CommonNodes.csrf(f.csrfToken()));
      return ui;
    }
    ui.appendNode(CommonNodes.identifier(TraitNodes.identifierLabel(schemas.defaultSchema())));
    ui.appendNode(CommonNodes.csrf(f.csrfToken()));
    ui.appendNode(CommonNodes.loginPassword());
    ui.appendNode(CommonNodes.submit("password", NodeGroup.PASSWORD, LoginMessages.loginPassword()));
    if (refresh && current != null) {
      Credential c = current.credential(Credential.PASSWORD);
      if (c != null && !c.identifiers().isEmpty()) {
        ui.setValue("identifier", c.identifiers().get(0));
      }
      ui.addMessage(LoginMessages.loginReAuth());
    }
    return ui;
  }
}

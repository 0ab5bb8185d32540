package io.portcullis.identity.flow.login;

import io.portcullis.identity.flow.Flow;
import io.portcullis.identity.flow.SelfService;
import io.portcullis.identity.flow.oidc.OidcStrategy;
import io.portcullis.identity.schema.IdentitySchemas;
import io.portcullis.identity.schema.TraitNodes;
import io.portcullis.identity.ui.CommonNodes;
import io.portcullis.identity.ui.NodeGroup;
import io.portcullis.identity.ui.UiContainer;
import io.portcullis.identitysessions.model.Credential;
import io.portcullis.identitysessions.model.Identity;

/**
 * Kratos' first-factor forms: the provider buttons of the OpenID Connect method, then the password form (identifier,
 * CSRF, password, the "Sign in with password" button).
 */
final class LoginForm {
  private final SelfService settings;
  private final IdentitySchemas schemas;
  private final OidcStrategy oidc;

  LoginForm(SelfService settings, IdentitySchemas schemas, OidcStrategy oidc) {
    this.settings = settings;
    this.schemas = schemas;
    this.oidc = oidc;
  }

  /** The form of {@code f} with the provider buttons ({@code refresh}: only those linked to {@code current}). */
  UiContainer of(Flow f, Identity current, boolean refresh) {
    UiContainer ui = passwordForm(f, current, refresh);
    oidc.addLoginNodes(ui, refresh ? current : null);
    return ui;
  }

  /** The password form of {@code f}; a refresh by {@code current} (may be null) has its identifier filled in. */
  private UiContainer passwordForm(Flow f, Identity current, boolean refresh) {
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

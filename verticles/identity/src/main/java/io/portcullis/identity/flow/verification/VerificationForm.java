package io.portcullis.identity.flow.verification;

import io.portcullis.identity.flow.Flow;
import io.portcullis.identity.flow.SelfService;
import io.portcullis.identity.ui.CommonNodes;
import io.portcullis.identity.ui.InputType;
import io.portcullis.identity.ui.Messages;
import io.portcullis.identity.ui.NodeGroup;
import io.portcullis.identity.ui.UiContainer;
import io.portcullis.identity.ui.UiNode;

/**
 * The verification forms node for node as Kratos builds them: the link method's e-mail form (CSRF first), the code
 * method's (CSRF last, browser flows only), the code entry once a code was sent, and the page after success.
 */
final class VerificationForm {
  static final String LINK = "link";
  static final String CODE = "code";
  private final SelfService settings;

  VerificationForm(SelfService settings) {
    this.settings = settings;
  }

  /** The e-mail form of {@code method}, with {@code email} as typed (or empty). */
  UiContainer chooseMethod(Flow f, String method, String email) {
    UiContainer ui = container(f);
    if (LINK.equals(method)) {
      ui.appendNode(CommonNodes.csrf(f.csrfToken()));
      ui.appendNode(email(NodeGroup.LINK, email));
      ui.appendNode(CommonNodes.submit(LINK, NodeGroup.LINK, Messages.labelContinue()));
      return ui;
    }
    ui.appendNode(email(NodeGroup.CODE, email));
    ui.appendNode(CommonNodes.submit(CODE, NodeGroup.CODE, Messages.labelContinue()));
    csrf(ui, f);
    return ui;
  }

  /** After a code was mailed: the hidden method, the code, Continue, CSRF, and Resend when an address was typed. */
  UiContainer codeSent(Flow f, String email) {
    UiContainer ui = container(f);
    UiNode hidden = UiNode.input("method", InputType.HIDDEN, NodeGroup.CODE);
    hidden.input().value(CODE);
    ui.appendNode(hidden);
    UiNode code = UiNode.input("code", InputType.TEXT, NodeGroup.CODE);
    code.input().required(true);
    ui.appendNode(code.label(Messages.labelVerificationCode()));
    ui.appendNode(CommonNodes.submit(CODE, NodeGroup.CODE, Messages.labelContinue()));
    csrf(ui, f);
    if (email != null) {
      ui.appendNode(resend("email", email));
    }
    return ui;
  }

  /** The form of a flow the identity role started for a new address: the method's form and Resend. */
  UiContainer sentFor(Flow f, String method, String via, String address) {
    UiContainer ui = LINK.equals(method) ? chooseMethod(f, LINK, null) : codeSent(f, null);
    ui.appendNode(resend(via, address));
    return ui;
  }

  /** After success: a GET "form" to {@code continueUrl} with CSRF and a Continue link (Kratos' shape). */
  UiContainer verified(Flow f, String method, String continueUrl) {
    UiContainer ui = new UiContainer(continueUrl, "GET");
    ui.appendNode(CommonNodes.csrf(f.csrfToken()));
    NodeGroup group = LINK.equals(method) ? NodeGroup.LINK : NodeGroup.CODE;
    ui.appendNode(UiNode.anchor("continue", continueUrl, Messages.labelContinue(), group)
        .label(Messages.labelContinue()));
    ui.addMessage(VerificationMessages.verificationSuccessful());
    return ui;
  }

  private UiContainer container(Flow f) {
    return new UiContainer(settings.formAction(VerificationHandler.KIND, f.id()), "POST");
  }

  /** Kratos' code method sets the CSRF node on browser flows only. */
  private static void csrf(UiContainer ui, Flow f) {
    if (f.browser()) {
      ui.appendNode(CommonNodes.csrf(f.csrfToken()));
    }
  }

  private static UiNode email(NodeGroup group, String value) {
    UiNode n = UiNode.input("email", InputType.EMAIL, group);
    n.input().value(value).required(true);
    return n.label(Messages.labelEmail());
  }

  private static UiNode resend(String name, String value) {
    UiNode n = UiNode.input(name, InputType.SUBMIT, NodeGroup.CODE);
    n.input().value(value);
    return n.label(Messages.labelResendOtp());
  }
}

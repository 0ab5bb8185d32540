package io.portcullis.identity.flow.recovery;

import io.portcullis.identity.flow.Flow;
import io.portcullis.identity.flow.SelfService;
import io.portcullis.identity.flow.onetime.OneTimeSecrets;
import io.portcullis.identity.ui.CommonNodes;
import io.portcullis.identity.ui.InputType;
import io.portcullis.identity.ui.Messages;
import io.portcullis.identity.ui.NodeGroup;
import io.portcullis.identity.ui.UiContainer;
import io.portcullis.identity.ui.UiNode;

/**
 * The recovery forms node for node as Kratos' link and code strategies build them: the e-mail form of both, the
 * code entry after a code was sent, and the code entry of a flow an administrator started.
 */
final class RecoveryForm {
  static final String LINK = "link";
  static final String CODE = "code";
  private final SelfService settings;

  RecoveryForm(SelfService settings) {
    this.settings = settings;
  }

  /** CSRF, {@code email} (with {@code email} as typed, or empty) and the method's Continue button. */
  UiContainer chooseMethod(Flow f, String method, String email) {
    NodeGroup group = group(method);
    UiContainer ui = new UiContainer(settings.formAction(RecoveryHandler.KIND, f.id()), "POST");
    ui.appendNode(CommonNodes.csrf(f.csrfToken()));
    ui.appendNode(email(group, InputType.EMAIL, email).label(Messages.labelEmail()));
    ui.appendNode(CommonNodes.submit(method, group, Messages.labelContinue()));
    return ui;
  }

  /** After a code was mailed: CSRF, the code, the hidden method, Continue, and Resend with the address typed. */
  UiContainer codeSent(Flow f, String email) {
    UiContainer ui = new UiContainer(settings.formAction(RecoveryHandler.KIND, f.id()), "POST");
    ui.appendNode(CommonNodes.csrf(f.csrfToken()));
    ui.appendNode(codeInput());
    UiNode hidden = UiNode.input("method", InputType.HIDDEN, NodeGroup.CODE);
    hidden.input().value(CODE);
    ui.appendNode(hidden);
    ui.appendNode(CommonNodes.submit(CODE, NodeGroup.CODE, Messages.labelContinue()));
    ui.appendNode(email(NodeGroup.CODE, InputType.SUBMIT, email).label(Messages.labelResendOtp()));
    return ui;
  }

  /** A flow an administrator started: the code and Continue, no CSRF (nobody's browser started it). */
  UiContainer adminCode(Flow f) {
    UiContainer ui = new UiContainer(settings.formAction(RecoveryHandler.KIND, f.id()), "POST");
    ui.appendNode(codeInput());
    ui.appendNode(CommonNodes.submit(CODE, NodeGroup.CODE, Messages.labelContinue()));
    return ui;
  }

  static NodeGroup group(String method) {
    return CODE.equals(method) ? NodeGroup.CODE : NodeGroup.LINK;
  }

  private static UiNode email(NodeGroup group, InputType type, String value) {
    UiNode n = UiNode.input("email", type, group);
    n.input().value(value).required(type == InputType.EMAIL);
    return n;
  }

  private static UiNode codeInput() {
    UiNode n = UiNode.input("code", InputType.TEXT, NodeGroup.CODE);
    n.input().required(true).pattern("[0-9]+").maxLength(OneTimeSecrets.CODE_LENGTH);
    return n.label(Messages.labelRecoveryCode());
  }
}

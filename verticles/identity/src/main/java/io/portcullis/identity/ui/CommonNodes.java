package io.portcullis.identity.ui;

/**
 * Nodes every flow uses, built exactly as Kratos builds them (CSRF input, method submit button, login identifier and
 * password inputs), so our forms match Kratos' snapshots node for node.
 */
public final class CommonNodes {

  /** The name of the CSRF input (Kratos' {@code nosurfx.CSRFTokenName}). */
  public static final String CSRF_TOKEN = "csrf_token";

  private CommonNodes() {
  }

  /** Hidden, required {@code csrf_token} input in group "default" without label (Kratos' {@code NewCSRFNode}). */
  public static UiNode csrf(String token) {
    UiNode node = UiNode.input(CSRF_TOKEN, InputType.HIDDEN, NodeGroup.DEFAULT);
    node.input().value(token).required(true);
    return node;
  }

  /** The {@code method} submit button whose value selects the strategy, e.g. "password" or "profile". */
  public static UiNode submit(String method, NodeGroup group, UiText label) {
    UiNode node = UiNode.input("method", InputType.SUBMIT, group);
    node.input().value(method);
    return node.label(label);
  }

  /**
   * The login {@code identifier} input: text, required, empty value, group "default", labelled with the identity
   * schema's identifier label ({@code IdentifierLabel} in the schema package; {@link Messages#labelId()} otherwise).
   */
  public static UiNode identifier(UiText label) {
    UiNode node = UiNode.input("identifier", InputType.TEXT, NodeGroup.DEFAULT);
    node.input().value("").required(true);
    return node.label(label);
  }

  /** A required password input in group "password" labelled "Password" (Kratos' {@code NewPasswordNode}). */
  public static UiNode password(String name, Autocomplete autocomplete) {
    UiNode node = UiNode.input(name, InputType.PASSWORD, NodeGroup.PASSWORD);
    node.input().required(true).autocomplete(autocomplete);
    return node.label(Messages.labelPassword());
  }

  /** The login {@code password} input (autocomplete current-password). */
  public static UiNode loginPassword() {
    return password("password", Autocomplete.CURRENT_PASSWORD);
  }

  /** The registration / settings {@code password} input (autocomplete new-password). */
  public static UiNode newPassword() {
    return password("password", Autocomplete.NEW_PASSWORD);
  }
}

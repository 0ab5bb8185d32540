package io.portcullis.identity.ui;

/** Kratos' {@code uiNode.group} enum; the official client rejects any other value. */
public enum NodeGroup {
  DEFAULT("default"), PASSWORD("password"), OIDC("oidc"), PROFILE("profile"), LINK("link"), CODE("code"),
  TOTP("totp"), LOOKUP_SECRET("lookup_secret"), WEBAUTHN("webauthn"), PASSKEY("passkey"),
  IDENTIFIER_FIRST("identifier_first"), CAPTCHA("captcha"), SAML("saml");

  private final String wire;

  NodeGroup(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  public static NodeGroup fromWire(String wire) {
    for (NodeGroup g : values()) {
      if (g.wire.equals(wire)) {
        return g;
      }
    }
    throw new IllegalArgumentException("unknown ui node group: " + wire);
  }
}

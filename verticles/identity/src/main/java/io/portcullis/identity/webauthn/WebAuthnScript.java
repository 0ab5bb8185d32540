package io.portcullis.identity.webauthn;

import io.portcullis.identity.flow.FlowEndpoints;
import io.portcullis.identity.ui.NodeGroup;
import io.portcullis.identity.ui.ScriptAttributes;
import io.portcullis.identity.ui.UiNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * {@code GET /.well-known/ory/webauthn.js} on the public port, and the {@code webauthn_script} node that loads it
 * with its subresource-integrity hash, as Kratos' {@code NewWebAuthnScript}.
 */
public final class WebAuthnScript implements FlowEndpoints {
  static final String PATH = "/.well-known/ory/webauthn.js";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String NONCE_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  private final Buffer body;
  private final String integrity;
  private final String src;

  /** @param selfPublicUrl the public URL as Kratos writes it (with its trailing slash) */
  public WebAuthnScript(String selfPublicUrl) {
    byte[] js = load();
    this.body = Buffer.buffer(js);
    this.integrity = "sha512-" + Base64.getEncoder().encodeToString(sha512(js));
    this.src = (selfPublicUrl.endsWith("/") ? selfPublicUrl.substring(0, selfPublicUrl.length() - 1) : selfPublicUrl)
        + PATH;
  }

  @Override
  public void mount(Router r) {
    r.get(PATH).handler(ctx -> ctx.response().putHeader("Content-Type", "text/javascript; charset=UTF-8")
        .putHeader("Cache-Control", "public, max-age=3600").end(body));
  }

  /** The script node, with a fresh nonce. */
  UiNode node() {
    StringBuilder nonce = new StringBuilder();
    for (int i = 0; i < 16; i++) {
      nonce.append(NONCE_CHARS.charAt(RANDOM.nextInt(NONCE_CHARS.length())));
    }
    return new UiNode(NodeGroup.WEBAUTHN, new ScriptAttributes("webauthn_script", src, integrity, nonce.toString()));
  }

  private static byte[] load() {
    try (InputStream in = WebAuthnScript.class.getResourceAsStream("webauthn.js")) {
      if (in == null) {
        throw new IllegalStateException("webauthn.js is missing from the class path");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] sha512(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-512").digest(b);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

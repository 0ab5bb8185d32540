package io.portcullis.identity.flow;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Kratos' anti-CSRF scheme for browser flows (nosurf): a random 32-byte token in an HttpOnly cookie named
 * {@code csrf_token_<sha256(public URL)>} ({@link SelfService#selfPublicUrl()}), and in each form a masked copy (a
 * random pad and the token XOR the pad, base64), so the form value differs every time and cannot be used to recover
 * the cookie by compression side channels. A submission is accepted when the unmasked form token equals the cookie's.
 */
public final class Csrf {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int LENGTH = 32;
  private final String cookieName;
  private final CookieSettings cookies;

  public Csrf(String selfPublicUrl, CookieSettings cookies) {
    try {
      this.cookieName = "csrf_token_" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(selfPublicUrl.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    this.cookies = cookies;
  }

  /** The request's CSRF token, set as a cookie when it has none; returns a fresh masked copy for a form. */
  public String formToken(RoutingContext ctx) {
    byte[] token = cookieToken(ctx);
    if (token == null) {
      token = new byte[LENGTH];
      RANDOM.nextBytes(token);
      ctx.response().addCookie(cookies.cookie(cookieName, Base64.getEncoder().encodeToString(token))
          .setMaxAge(365L * 24 * 3600));
      ctx.put(cookieName, token);
    }
    return mask(token);
  }

  /** True when {@code submitted} is a masked copy of the request's cookie token. */
  public boolean verify(RoutingContext ctx, String submitted) {
    byte[] token = cookieToken(ctx);
    if (token == null || submitted == null || submitted.isEmpty()) {
      return false;
    }
    byte[] unmasked = unmask(submitted);
    return unmasked != null && MessageDigest.isEqual(token, unmasked);
  }

  /** Why a submission failed the check, in Kratos' words (the error's {@code reject_reason} detail). */
  public String rejectReason(RoutingContext ctx, String submitted) {
    if (ctx.request().getHeader("Cookie") == null) {
      return "The HTTP Cookie Header is empty or not set.";
    }
    if (cookieToken(ctx) == null) {
      return "The HTTP Cookie Header was set but did not include the anti-CSRF cookie.";
    }
    if (submitted == null || submitted.isEmpty()) {
      return "The anti-CSRF cookie was found but the CSRF token was not included in the HTTP request body "
          + "(csrf_token) nor in the HTTP Header (X-CSRF-Token).";
    }
    return "The HTTP Cookie Header was set and a CSRF token was sent but they do not match. We recommend deleting "
        + "all cookies for this domain and retrying the flow.";
  }

  private byte[] cookieToken(RoutingContext ctx) {
    byte[] set = ctx.get(cookieName);
    if (set != null) {
      return set;
    }
    Cookie c = ctx.request().getCookie(cookieName);
    if (c == null) {
      return null;
    }
    try {
      byte[] t = Base64.getDecoder().decode(c.getValue());
      return t.length == LENGTH ? t : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  static String mask(byte[] token) {
    byte[] out = new byte[LENGTH * 2];
    byte[] pad = new byte[LENGTH];
    RANDOM.nextBytes(pad);
    System.arraycopy(pad, 0, out, 0, LENGTH);
    for (int i = 0; i < LENGTH; i++) {
      out[LENGTH + i] = (byte) (token[i] ^ pad[i]);
    }
    return Base64.getEncoder().encodeToString(out);
  }

  static byte[] unmask(String masked) {
    byte[] in;
    try {
      in = Base64.getDecoder().decode(masked);
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (in.length != LENGTH * 2) {
      return null;
    }
    byte[] token = new byte[LENGTH];
    for (int i = 0; i < LENGTH; i++) {
      token[i] = (byte) (in[i] ^ in[LENGTH + i]);
    }
    return token;
  }

  /** How the identity service sets cookies ({@code cookies.*} and {@code session.cookie.*}). */
  public record CookieSettings(String domain, String path, CookieSameSite sameSite, boolean secure) {
    /** An HttpOnly cookie with these settings' path, Secure flag, SameSite and (when set) domain. */
    public Cookie cookie(String name, String value) {
      Cookie c = Cookie.cookie(name, value).setHttpOnly(true).setPath(path).setSecure(secure).setSameSite(sameSite);
      if (!domain.isEmpty()) {
        c.setDomain(domain);
      }
      return c;
    }
  }
}

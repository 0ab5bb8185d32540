package io.portcullis.identity.it;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small OpenID provider on 127.0.0.1 for tests: discovery, JWKS (an RSA key made per run), an authorization
 * endpoint that signs in {@link #subject} at once and sends the browser back with a code, a token endpoint that checks
 * the client, the redirect URI and the PKCE verifier and returns an ID token signed as {@link #mode} says, userinfo.
 * Public for the server module's end-to-end tests (identity's test-jar).
 */
public final class FakeOpenIdProvider implements AutoCloseable {
  public static final String CLIENT_ID = "portcullis-test";
  public static final String CLIENT_SECRET = "s3cret with spaces";

  /** How the next ID tokens are made. */
  public enum Mode { VALID, WRONG_NONCE, NO_NONCE, WRONG_ISSUER, WRONG_AUDIENCE, EXPIRED, BAD_SIGNATURE }

  private final Vertx vertx = Vertx.vertx();
  private final HttpServer server;
  private final RSAKey key;
  private final RSAKey stranger;
  public final String issuer;
  public volatile Mode mode = Mode.VALID;
  public volatile String subject = "sub-1";
  /** When set, the authorization endpoint shows the way back as a link ({@code a#back}) instead of redirecting. */
  public volatile boolean showLinkBack;
  public volatile JsonObject extraClaims = new JsonObject().put("email", "ada@example.com").put("email_verified", true);
  /** Every authorization request's parameters, and every token request's form. */
  public final CopyOnWriteArrayList<Map<String, String>> authorizations = new CopyOnWriteArrayList<>();
  public final CopyOnWriteArrayList<Map<String, String>> tokenRequests = new CopyOnWriteArrayList<>();
  private final Map<String, Map<String, String>> codes = new ConcurrentHashMap<>();

  public FakeOpenIdProvider() throws Exception {
    key = new RSAKeyGenerator(2048).keyID("k1").generate();
    stranger = new RSAKeyGenerator(2048).keyID("k1").generate();
    Router r = Router.router(vertx);
    r.route().handler(BodyHandler.create());
    r.get("/.well-known/openid-configuration").handler(this::discovery);
    r.get("/jwks").handler(ctx -> json(ctx, 200, new JsonObject(new JWKSet(key.toPublicJWK()).toJSONObject())));
    r.get("/authorize").handler(this::authorize);
    r.post("/token").handler(this::token);
    r.get("/userinfo").handler(ctx -> json(ctx, 200, claims().put("sub", subject)));
    server = vertx.createHttpServer().requestHandler(r).listen(0, "127.0.0.1").await();
    issuer = "http://127.0.0.1:" + server.actualPort();
  }

  private void discovery(RoutingContext ctx) {
    json(ctx, 200, new JsonObject().put("issuer", issuer).put("authorization_endpoint", issuer + "/authorize")
        .put("token_endpoint", issuer + "/token").put("userinfo_endpoint", issuer + "/userinfo")
        .put("jwks_uri", issuer + "/jwks").put("code_challenge_methods_supported", new JsonArray().add("S256"))
        .put("id_token_signing_alg_values_supported", new JsonArray().add("RS256"))
        .put("response_types_supported", new JsonArray().add("code")));
  }

  /** Signs {@link #subject} in without asking and sends the browser back to the redirect URI. */
  private void authorize(RoutingContext ctx) {
    Map<String, String> q = new ConcurrentHashMap<>();
    ctx.queryParams().forEach(e -> q.put(e.getKey(), e.getValue()));
    authorizations.add(q);
    String code = UUID.randomUUID().toString();
    codes.put(code, q);
    String back = q.get("redirect_uri") + "?code=" + enc(code) + "&state=" + enc(q.getOrDefault("state", ""));
    if (showLinkBack) {
      ctx.response().putHeader("Content-Type", "text/html").end("<a id=back href=\"" + back.replace("&", "&amp;")
          + "\">back</a>");
      return;
    }
    ctx.response().setStatusCode(303).putHeader("Location", back).end();
  }

  private void token(RoutingContext ctx) {
    Map<String, String> form = new ConcurrentHashMap<>();
    ctx.request().formAttributes().forEach(e -> form.put(e.getKey(), e.getValue()));
    tokenRequests.add(form);
    String auth = ctx.request().getHeader("Authorization");
    boolean client = auth != null ? auth.equals("Basic " + Base64.getEncoder().encodeToString(
        (enc(CLIENT_ID) + ":" + enc(CLIENT_SECRET)).getBytes(StandardCharsets.UTF_8)))
        : CLIENT_ID.equals(form.get("client_id")) && CLIENT_SECRET.equals(form.get("client_secret"));
    if (!client) {
      json(ctx, 401, new JsonObject().put("error", "invalid_client"));
      return;
    }
    Map<String, String> authorization = codes.remove(form.getOrDefault("code", ""));
    if (authorization == null || !authorization.get("redirect_uri").equals(form.get("redirect_uri"))) {
      json(ctx, 400, new JsonObject().put("error", "invalid_grant").put("error_description", "unknown code"));
      return;
    }
    String challenge = authorization.get("code_challenge");
    if (challenge != null && !challenge.equals(s256(form.getOrDefault("code_verifier", "")))) {
      json(ctx, 400, new JsonObject().put("error", "invalid_grant").put("error_description",
          "PKCE verification failed"));
      return;
    }
    try {
      json(ctx, 200, new JsonObject().put("access_token", "at-" + UUID.randomUUID()).put("token_type", "Bearer")
          .put("refresh_token", "rt-1").put("expires_in", 3600).put("id_token", idToken(authorization.get("nonce"))));
    } catch (Exception e) {
      json(ctx, 500, new JsonObject().put("error", "server_error"));
    }
  }

  private JsonObject claims() {
    return extraClaims.copy();
  }

  private String idToken(String nonce) throws Exception {
    Instant now = Instant.now();
    JWTClaimsSet.Builder c = new JWTClaimsSet.Builder()
        .issuer(mode == Mode.WRONG_ISSUER ? "http://evil.example" : issuer)
        .subject(subject)
        .audience(mode == Mode.WRONG_AUDIENCE ? "someone-else" : CLIENT_ID)
        .issueTime(Date.from(now.minusSeconds(mode == Mode.EXPIRED ? 7200 : 0)))
        .expirationTime(Date.from(mode == Mode.EXPIRED ? now.minusSeconds(3600) : now.plusSeconds(300)));
    if (mode == Mode.WRONG_NONCE) {
      c.claim("nonce", "not-the-nonce");
    } else if (mode != Mode.NO_NONCE && nonce != null) {
      c.claim("nonce", nonce);
    }
    claims().forEach(e -> c.claim(e.getKey(), e.getValue()));
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").type(JOSEObjectType.JWT)
        .build(), c.build());
    jwt.sign(new RSASSASigner(mode == Mode.BAD_SIGNATURE ? stranger : key));
    return jwt.serialize();
  }

  static String s256(String verifier) {
    try {
      return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
          .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}

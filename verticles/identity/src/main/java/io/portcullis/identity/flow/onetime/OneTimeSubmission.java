package io.portcullis.identity.flow.onetime;

import io.portcullis.identity.flow.SubmittedFields;
import io.portcullis.identitysessions.kratos.KratosError;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;

/**
 * A recovery or verification submission as Kratos decodes it: the body (form or JSON) and the query together, so a
 * mailed link ({@code GET ...?flow=&token=}) and a form post are read alike. Empty values count as absent.
 *
 * @param email as typed (shown back in the form); {@link #address()} is what addresses are looked up by
 * @param transientPayload {@code transient_payload}, handed to the letters; {@code {}} when absent
 */
public record OneTimeSubmission(String method, String email, String code, String token, String csrfToken,
    JsonObject transientPayload) {

  public static OneTimeSubmission of(RoutingContext ctx) {
    JsonObject in = ctx.request().method() == HttpMethod.GET ? new JsonObject() : SubmittedFields.of(ctx, null);
    return new OneTimeSubmission(field(ctx, in, "method"), field(ctx, in, "email"), field(ctx, in, "code"),
        field(ctx, in, "token"), field(ctx, in, "csrf_token"), transientPayload(in.getValue("transient_payload")));
  }

  /** The e-mail address as recovery and verification addresses are stored: trimmed, lowercased. */
  public String address() {
    return email == null ? null : email.trim().toLowerCase(Locale.ROOT);
  }

  private static String field(RoutingContext ctx, JsonObject in, String name) {
    Object v = in.getValue(name);
    String s = v == null ? ctx.request().getParam(name) : String.valueOf(v);
    return s == null || s.isEmpty() ? null : s;
  }

  private static JsonObject transientPayload(Object v) {
    if (v == null) {
      return new JsonObject();
    }
    if (v instanceof JsonObject o) {
      return o;
    }
    try {
      return new JsonObject(String.valueOf(v));
    } catch (DecodeException | ClassCastException e) {
      throw KratosError.badRequest("transient_payload must be a JSON object, got " + v);
    }
  }
}

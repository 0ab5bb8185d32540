package io.portcullis.identity.flow.onetime;

import io.portcullis.identity.courier.Letter;
import io.portcullis.identity.courier.TemplateType;
import io.portcullis.identity.flow.Flow;
import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * The letters recovery and verification send, with the template data as Kratos' email models name it
 * ({@code To}, {@code RecoveryURL}, {@code RecoveryCode}, {@code VerificationURL}, {@code VerificationCode},
 * {@code Identity}, {@code RequestURL}, {@code TransientPayload}, {@code ExpiresInMinutes}).
 */
public final class Letters {
  private Letters() {
  }

  /**
   * A {@code *_valid} letter to a known address.
   *
   * @param secrets the template's own fields, name and value pairs ({@code "RecoveryURL", url, ...})
   * @param identity the identity's Kratos JSON
   */
  public static Letter valid(TemplateType template, String to, Flow f, JsonObject identity,
      JsonObject transientPayload, Duration lifespan, String... secrets) {
    JsonObject data = new JsonObject().put("To", to);
    for (int i = 0; i < secrets.length; i += 2) {
      data.put(secrets[i], secrets[i + 1]);
    }
    return new Letter(to, template, data.put("Identity", identity).put("RequestURL", f.requestUrl())
        .put("TransientPayload", transientPayload).put("ExpiresInMinutes", lifespan.toMinutes()));
  }

  /** A {@code *_invalid} letter: someone asked for an address nobody has ({@code notify_unknown_recipients}). */
  public static Letter invalid(TemplateType template, String to, Flow f, JsonObject transientPayload) {
    return new Letter(to, template, new JsonObject().put("To", to).put("RequestURL", f.requestUrl())
        .put("TransientPayload", transientPayload));
  }
}

package io.portcullis.identity.courier;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * One message a flow sends: to whom, with which template, and the template's data as Kratos names it
 * ({@code To}, {@code RecoveryURL}, {@code RecoveryCode}, {@code VerificationURL}, {@code VerificationCode},
 * {@code Identity}, {@code RequestURL}, {@code TransientPayload}).
 */
public record Letter(String recipient, TemplateType template, JsonObject data) {
  public Letter {
    Objects.requireNonNull(recipient, "recipient");
    Objects.requireNonNull(template, "template");
    data = data == null ? new JsonObject() : data;
  }
}

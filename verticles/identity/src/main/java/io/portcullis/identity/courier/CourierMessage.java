package io.portcullis.identity.courier;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A message of the courier's queue, as Kratos' {@code message} has it, plus what delivery needs.
 *
 * @param status {@code queued}, {@code processing}, {@code sent} or {@code abandoned}
 * @param body the plain-text body
 * @param bodyHtml the HTML alternative
 * @param rejections attempts the SMTP server refused
 * @param dispatches the attempts, newest first; loaded for a single message only
 */
public record CourierMessage(UUID id, String status, String type, String recipient, String subject, String body,
    String bodyHtml, String templateType, String channel, int sendCount, int rejections, Instant createdAt,
    Instant updatedAt, List<Dispatch> dispatches) {

  public static final String QUEUED = "queued";
  public static final String PROCESSING = "processing";
  public static final String SENT = "sent";
  public static final String ABANDONED = "abandoned";
  /** Kratos' {@code courierMessageStatus} values. */
  public static final java.util.Set<String> STATUSES = java.util.Set.of(QUEUED, PROCESSING, SENT, ABANDONED);

  /**
   * One attempt to send a message (Kratos' {@code messageDispatch}).
   *
   * @param status {@code success} or {@code failed}
   * @param error the failure in Kratos' error shape, or null
   */
  public record Dispatch(UUID id, UUID messageId, String status, JsonObject error, Instant createdAt,
      Instant updatedAt) {
  }

  CourierMessage withDispatches(List<Dispatch> list) {
    return new CourierMessage(id, status, type, recipient, subject, body, bodyHtml, templateType, channel, sendCount,
        rejections, createdAt, updatedAt, List.copyOf(list));
  }
}

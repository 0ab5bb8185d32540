package io.portcullis.kafka.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;
import java.util.Objects;

/**
 * The envelope of every event Portcullis writes to Kafka: a CloudEvents 1.0 event in structured JSON mode. The
 * {@code id} is unique per event, so consumers of an at-least-once stream can drop duplicates by it.
 *
 * @param source URI-reference of the node and role that produced the event, e.g. {@code /portcullis/proxy/node-1}
 * @param type one of {@link EventTypes}
 * @param time RFC 3339 timestamp in UTC
 * @param subject the identity the event is about, also the Kafka key (ordering per subject)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CloudEvent(String specversion, String id, String source, String type, String time, String subject,
    String datacontenttype, Map<String, Object> data) {

  public static final String SPEC_VERSION = "1.0";

  public CloudEvent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(type, "type");
    if (!SPEC_VERSION.equals(specversion)) {
      throw new IllegalArgumentException("specversion must be " + SPEC_VERSION + ", got " + specversion);
    }
  }
}

package io.portcullis.audit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** A Kafka record as kept in the spool: the key (the event's subject) and the CloudEvent JSON. */
record SpooledRecord(String key, byte[] value) {
  byte[] encode() {
    byte[] k = key == null ? new byte[0] : key.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(4 + k.length + value.length).putInt(key == null ? -1 : k.length).put(k).put(value)
        .array();
  }

  static SpooledRecord decode(byte[] bytes) {
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    int keyLength = buffer.getInt();
    String key = null;
    if (keyLength >= 0) {
      byte[] k = new byte[keyLength];
      buffer.get(k);
      key = new String(k, StandardCharsets.UTF_8);
    }
    byte[] value = new byte[buffer.remaining()];
    buffer.get(value);
    return new SpooledRecord(key, value);
  }
}

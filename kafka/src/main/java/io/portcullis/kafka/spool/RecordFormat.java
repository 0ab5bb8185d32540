package io.portcullis.kafka.spool;

import java.nio.ByteBuffer;
import java.util.zip.CRC32;

/**
 * The on-disk frame of one record: {@code [int length][int crc32][payload]}, big-endian.
 *
 * <p>The checksum covers the four length bytes as well as the payload. A file whose tail was extended with zeros by a
 * crash (a file system may persist the new size before the data) would otherwise read as a run of valid empty
 * records, since the CRC32 of nothing is zero; with the length included, an all-zero header never checks out.
 */
final class RecordFormat {
  static final int HEADER_BYTES = 8;
  /** Largest payload a frame can hold: the frame is built in one array, whose size is an int. */
  static final int MAX_PAYLOAD = Integer.MAX_VALUE - 16 - HEADER_BYTES;

  private RecordFormat() {
  }

  /** Header and payload in one array, so that an append is a single write. */
  static byte[] frame(byte[] payload) {
    byte[] frame = new byte[HEADER_BYTES + payload.length];
    ByteBuffer.wrap(frame).putInt(payload.length).putInt(checksum(payload.length, payload)).put(payload);
    return frame;
  }

  static int checksum(int length, byte[] payload) {
    CRC32 crc = new CRC32();
    crc.update(length >>> 24);
    crc.update(length >>> 16);
    crc.update(length >>> 8);
    crc.update(length);
    crc.update(payload);
    return (int) crc.getValue();
  }
}

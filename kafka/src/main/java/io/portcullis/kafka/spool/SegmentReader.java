package io.portcullis.kafka.spool;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads the records of one segment file sequentially, from a byte offset up to a limit (the bytes the spool knows
 * to be written; anything past it is ignored).
 *
 * <p>It reads through its own {@link FileInputStream} rather than the writer's file: a reader never disturbs the
 * write position, and unlike a {@code FileChannel} a stream is not closed under everyone's feet when the reading
 * thread happens to be interrupted.
 */
final class SegmentReader implements Closeable {
  private static final int BUFFER_BYTES = 64 * 1024;

  private final Path file;
  private final DataInputStream in;
  private final long limit;
  private long offset;

  private SegmentReader(Path file, DataInputStream in, long offset, long limit) {
    this.file = file;
    this.in = in;
    this.offset = offset;
    this.limit = limit;
  }

  static SegmentReader open(Path file, long offset, long limit) throws IOException {
    FileInputStream stream = new FileInputStream(file.toFile());
    try {
      stream.skipNBytes(offset);
    } catch (IOException e) {
      stream.close();
      throw e;
    }
    int buffer = (int) Math.max(RecordFormat.HEADER_BYTES, Math.min(BUFFER_BYTES, limit - offset));
    return new SegmentReader(file, new DataInputStream(new BufferedInputStream(stream, buffer)), offset, limit);
  }

  /** The offset just past the last record returned or skipped. */
  long offset() {
    return offset;
  }

  /**
   * The next payload, checked against its CRC, or null at the end of the written bytes.
   *
   * @throws CorruptRecordException when the bytes at {@link #offset()} are not an intact record; the offset stays put
   */
  byte[] next() throws IOException {
    long start = offset;
    try {
      int length = readHeaderLength();
      if (length < 0) {
        return null;
      }
      int crc = in.readInt();
      byte[] payload = in.readNBytes(length);
      if (payload.length != length) {
        throw new EOFException();
      }
      if (RecordFormat.checksum(length, payload) != crc) {
        throw new CorruptRecordException(file, start, "CRC mismatch for a record of " + length + " bytes");
      }
      offset = start + RecordFormat.HEADER_BYTES + length;
      return payload;
    } catch (EOFException e) {
      throw new CorruptRecordException(file, start, "file shorter than expected");
    }
  }

  /**
   * Steps over the next record checking only that its length fits, which is enough to find the following one; used
   * to move past records already acknowledged, whose payload nobody will read.
   *
   * @return false at the end of the written bytes
   */
  boolean skip() throws IOException {
    long start = offset;
    try {
      int length = readHeaderLength();
      if (length < 0) {
        return false;
      }
      in.skipNBytes(Integer.BYTES + (long) length);
      offset = start + RecordFormat.HEADER_BYTES + length;
      return true;
    } catch (EOFException e) {
      throw new CorruptRecordException(file, start, "file shorter than expected");
    }
  }

  /** Reads the length field, or returns -1 at a clean end. */
  private int readHeaderLength() throws IOException {
    long remaining = limit - offset;
    if (remaining == 0) {
      return -1;
    }
    if (remaining < RecordFormat.HEADER_BYTES) {
      throw new CorruptRecordException(file, offset, "partial record header (" + remaining + " bytes)");
    }
    int length = in.readInt();
    if (length < 0 || length > remaining - RecordFormat.HEADER_BYTES) {
      throw new CorruptRecordException(file, offset,
          "record length " + length + " does not fit in the " + remaining + " bytes left");
    }
    return length;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}

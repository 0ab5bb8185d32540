package io.portcullis.kafka.spool;

import java.io.IOException;
import java.nio.file.Path;

/** A segment holds bytes at {@link #offset()} that are not a whole, intact record (torn write, garbage, bit rot). */
final class CorruptRecordException extends IOException {
  private static final long serialVersionUID = 1L;
  private final long offset;

  CorruptRecordException(Path file, long offset, String problem) {
    super(file.getFileName() + " at offset " + offset + ": " + problem);
    this.offset = offset;
  }

  long offset() {
    return offset;
  }
}

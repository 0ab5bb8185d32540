package io.portcullis.kafka.spool;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One append-only file of the spool, {@code spool-<first sequence, 20 digits>.seg}. The name carries the sequence of
 * the first record, so the sequences of a segment run from its own first sequence up to the next segment's; only the
 * last segment has to be scanned to know where its records end.
 *
 * <p>Writes go through a {@link RandomAccessFile}, not a {@code FileChannel}: an interrupt delivered to a thread
 * blocked in channel I/O closes the channel for every thread, which would break the spool for all appenders because
 * one of them was interrupted. Not thread-safe; {@link DiskSpool} serializes access.
 */
final class Segment {
  private static final Pattern NAME = Pattern.compile("spool-(\\d{20})\\.seg");

  private final Path path;
  private final long firstSequence;
  private long size;
  private RandomAccessFile writer;

  private Segment(Path path, long firstSequence, long size) {
    this.path = path;
    this.firstSequence = firstSequence;
    this.size = size;
  }

  static String fileName(long firstSequence) {
    return String.format("spool-%020d.seg", firstSequence);
  }

  /** The first sequence encoded in a segment file name, or empty for any other file. */
  static OptionalLong firstSequenceOf(String fileName) {
    Matcher m = NAME.matcher(fileName);
    if (!m.matches()) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(m.group(1)));
    } catch (NumberFormatException e) {
      return OptionalLong.empty(); // 20 digits can exceed Long.MAX_VALUE: not one of ours
    }
  }

  /** An existing file, not yet open for writing. */
  static Segment existing(Path path, long firstSequence) throws IOException {
    return new Segment(path, firstSequence, Files.size(path));
  }

  /** A new, empty segment open for appending. An empty leftover of a failed earlier attempt is reused. */
  static Segment create(Path directory, long firstSequence) throws IOException {
    Segment segment = new Segment(directory.resolve(fileName(firstSequence)), firstSequence, 0);
    segment.openForAppend();
    if (segment.writer.length() != 0) {
      segment.close();
      throw new FileAlreadyExistsException(segment.path.toString(), null, "segment already exists and is not empty");
    }
    return segment;
  }

  Path path() {
    return path;
  }

  long firstSequence() {
    return firstSequence;
  }

  /** Bytes of whole records in the file; for the segment being written, also the position of the next append. */
  long size() {
    return size;
  }

  void openForAppend() throws IOException {
    writer = new RandomAccessFile(path.toFile(), "rw");
    writer.seek(size);
  }

  void append(byte[] frame) throws IOException {
    writer.write(frame);
    size += frame.length;
  }

  /**
   * After a failed {@link #append}, cuts off whatever part of the frame reached the file, so that later records are
   * not written behind a torn one (recovery stops at the first bad record and would drop them).
   *
   * @return false when even that failed: the file tail is unknown and nothing more may be appended
   */
  boolean rollBack() {
    try {
      writer.setLength(size);
      writer.seek(size);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Drops a torn or garbage tail found by recovery, durably, before anything is appended after it. */
  void truncate(long validSize) throws IOException {
    writer.setLength(validSize);
    writer.seek(validSize);
    writer.getFD().sync();
    size = validSize;
  }

  void sync() throws IOException {
    writer.getFD().sync();
  }

  /** Stops writing to this segment (a newer one takes over), after an fsync when asked. */
  void seal(boolean sync) throws IOException {
    try {
      if (sync) {
        sync();
      }
    } finally {
      close();
    }
  }

  void close() throws IOException {
    if (writer != null) {
      RandomAccessFile w = writer;
      writer = null;
      w.close();
    }
  }

  void delete() throws IOException {
    close();
    Files.deleteIfExists(path);
  }

  @Override
  public String toString() {
    return path.getFileName().toString();
  }
}

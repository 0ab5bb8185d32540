package io.portcullis.kafka.spool;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A bounded, durable, ordered queue of byte records on disk: where the audit shipper parks events while Kafka is
 * unreachable or slow. Producers {@link #append} records; the shipper {@link #peek}s the oldest ones, sends them and
 * {@link #acknowledge}s them once Kafka confirmed. After a crash or restart shipping resumes from the first
 * unacknowledged record, so delivery is at least once: a record sent but not yet acknowledged when the process died
 * is sent again (consumers drop duplicates by event id), and a record is never lost once {@code append} returned,
 * as far as the {@link FsyncPolicy} made it durable.
 *
 * <p><b>Layout.</b> Records go to append-only segment files {@code spool-<first sequence, 20 digits>.seg}, each record
 * framed as {@code [int length][int crc32][payload]} (the CRC also covers the length). A new segment starts when the
 * current one would grow past {@code segmentBytes}, so that acknowledged records free disk space a whole file at a
 * time with a cheap delete instead of rewriting or compacting. Sequences increase by one per record across segments
 * and across reopening. The last acknowledged sequence lives in a small {@code checkpoint} file replaced atomically;
 * {@code spool.lock} keeps a second spool (in this or another process) out of the directory.
 *
 * <p><b>Recovery.</b> {@link #open} scans the last segment completely and cuts off its tail at the first record that
 * is incomplete or fails its CRC: the torn write of a crash is never returned. It re-reads the headers of the first
 * segment to find the first unacknowledged record, and deletes segments wholly acknowledged. Older segments are only
 * checked while being read: bytes there that are not an intact record (possible after a power loss with a relaxed
 * fsync policy) are logged as lost and skipped up to the next segment, rather than stopping the shipper for good.
 *
 * <p><b>Bound.</b> {@code append} refuses a record, returning false, when the unacknowledged bytes ({@link #bytes()})
 * would exceed {@code maxBytes}; the caller decides what to do with it (count it, drop it, block). Disk usage can
 * exceed {@code maxBytes} by the acknowledged head of the oldest segment, at most one segment.
 *
 * <p><b>Threads.</b> All methods are thread-safe and serialized by one lock, fsyncs included: with
 * {@link FsyncPolicy#ALWAYS} appends run one fsync after another, whatever the number of threads. Reads open their
 * own file descriptors, and writes use {@code RandomAccessFile} rather than {@code FileChannel}, so interrupting a
 * thread that is using the spool does not close files under the other threads.
 */
public final class DiskSpool implements AutoCloseable {

  /** When appended records are forced to the storage device. The checkpoint is always forced. */
  public enum FsyncPolicy {
    /** fsync every append before it returns: nothing appended is lost on a power failure; slowest. */
    ALWAYS,
    /**
     * fsync at most every {@code fsyncInterval} (from a background thread, when something was appended), when a
     * segment is full, and on close: a power failure loses at most about one interval of appends.
     */
    INTERVAL,
    /** Leave it to the OS: survives a crash of the process, not of the machine. */
    NEVER
  }

  /**
   * @param directory where segments and the checkpoint live; created when missing; one spool per directory
   * @param maxBytes upper bound for unacknowledged bytes (record headers included)
   * @param segmentBytes size at which a new segment file is started; a record larger than that gets a segment alone
   * @param fsync durability of appends
   * @param fsyncInterval time between background fsyncs; required for {@link FsyncPolicy#INTERVAL}, else ignored
   */
  public record Options(Path directory, long maxBytes, long segmentBytes, FsyncPolicy fsync, Duration fsyncInterval) {
    public Options {
      Objects.requireNonNull(directory, "directory");
      Objects.requireNonNull(fsync, "fsync");
      if (maxBytes <= 0) {
        throw new IllegalArgumentException("maxBytes must be positive, got " + maxBytes);
      }
      if (segmentBytes <= RecordFormat.HEADER_BYTES) {
        throw new IllegalArgumentException("segmentBytes must be more than the " + RecordFormat.HEADER_BYTES
            + "-byte record header, got " + segmentBytes);
      }
      if (segmentBytes > maxBytes) {
        throw new IllegalArgumentException(
            "segmentBytes (" + segmentBytes + ") must not exceed maxBytes (" + maxBytes + ")");
      }
      if (fsync == FsyncPolicy.INTERVAL
          && (fsyncInterval == null || fsyncInterval.isZero() || fsyncInterval.isNegative())) {
        throw new IllegalArgumentException("fsyncInterval must be positive with fsync INTERVAL, got " + fsyncInterval);
      }
    }
  }

  /** A record as stored: its position in the spool and its bytes. Equality compares the payload's content. */
  public record Record(long sequence, byte[] payload) {
    public Record {
      Objects.requireNonNull(payload, "payload");
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Record r && r.sequence == sequence && Arrays.equals(r.payload, payload);
    }

    @Override
    public int hashCode() {
      return 31 * Long.hashCode(sequence) + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
      return "Record[sequence=" + sequence + ", payload=" + payload.length + " bytes]";
    }
  }

  /** Where a record starts: a segment (null when the spool has none), a byte offset in it, its sequence. */
  private record Position(Segment segment, long offset, long sequence) {
  }

  private static final System.Logger LOG = System.getLogger(DiskSpool.class.getName());

  private final Options options;
  private final SpoolDirectory directory;
  private final Object lock = new Object();
  /** Oldest first; the last one is normally {@link #active}. */
  private final List<Segment> segments = new ArrayList<>();
  private ScheduledExecutorService flusher;
  /** The segment appended to; null when there is none yet (empty spool). */
  private Segment active;
  /** The first unacknowledged record; every segment before its segment has been deleted. */
  private Position head;
  /** Just past the last record {@link #peek} returned, to acknowledge a batch without reading it again. */
  private Position lookahead;
  private long nextSequence;
  private long acknowledged = Checkpoint.NONE;
  /** Sum of the sizes of {@link #segments}. */
  private long totalBytes;
  /** Appended since the last fsync of {@link #active}. */
  private boolean dirty;
  /**
   * A write or fsync failed, leaving the tail of the active segment in an unknown state (after a failed fsync the OS
   * may have dropped the dirty pages, and a retry would wrongly report success): appends are refused until reopen,
   * whose recovery re-checks every record of that segment.
   */
  private IOException failure;
  /** The segment whose unreadable bytes were last reported, not to log them on every peek. */
  private Segment reportedCorrupt;
  /** The last sequence reported lost, likewise. */
  private long reportedLost = -1;
  /** A new segment's directory entry is not yet durable: synced before the first record is written to it. */
  private boolean directoryUnsynced;
  private boolean closed;

  private DiskSpool(Options options, SpoolDirectory directory) {
    this.options = options;
    this.directory = directory;
  }

  /**
   * Opens the spool in {@code options.directory()}, creating the directory when missing, and recovers what a previous
   * run left: a torn or partial last record (a crash mid-append) is detected by its length and CRC32 and cut off,
   * never returned; segments wholly acknowledged are deleted; sequences continue after the highest one on disk or
   * acknowledged.
   *
   * @throws IOException also when another open spool, in this process or another, holds the directory
   */
  public static DiskSpool open(Options options) throws IOException {
    Objects.requireNonNull(options, "options");
    SpoolDirectory directory = SpoolDirectory.lock(options.directory());
    DiskSpool spool = new DiskSpool(options, directory);
    try {
      synchronized (spool.lock) {
        spool.recover();
      }
    } catch (IOException | RuntimeException e) {
      for (Segment segment : spool.segments) {
        closeQuietly(segment, e);
      }
      try {
        directory.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    spool.startFlusher();
    return spool;
  }

  /**
   * Appends one record; returns false (and writes nothing) when the spool would exceed maxBytes. Thread-safe. A record
   * larger than {@code maxBytes} minus its 8-byte header is always refused. With {@link FsyncPolicy#ALWAYS} the record
   * is on the device when this returns.
   *
   * @throws IOException when the record could not be written or forced; it may then be in the spool or not, so
   *     appending it again may deliver it twice (at least once). After a failed fsync, or a failed write that could
   *     not be undone, every later append fails too until the spool is reopened.
   */
  public boolean append(byte[] record) throws IOException {
    return appendAll(List.of(record)) == 1;
  }

  /**
   * Appends records in order with as few writes as possible (one per segment touched), for a caller that has many at
   * once. Stops at the first record that does not fit; returns how many were appended (a prefix of
   * {@code records}). Same durability and failure rules as {@link #append}; after an {@code IOException} an unknown
   * prefix may be in the spool.
   */
  public int appendAll(List<byte[]> records) throws IOException {
    List<byte[]> frames = new ArrayList<>(records.size());
    for (byte[] record : records) {
      Objects.requireNonNull(record, "record");
      if (RecordFormat.HEADER_BYTES + (long) record.length > options.maxBytes()
          || record.length > RecordFormat.MAX_PAYLOAD) {
        break; // can never fit: the records after it must not overtake it
      }
      frames.add(RecordFormat.frame(record)); // CRC outside the lock
    }
    synchronized (lock) {
      ensureOpen();
      if (failure != null) {
        throw new IOException("spool " + directory.path() + " refuses appends after a failed write or fsync; "
            + "reopen it to recover", failure);
      }
      int appended = 0;
      java.io.ByteArrayOutputStream chunk = new java.io.ByteArrayOutputStream();
      Segment segment = null;
      int inChunk = 0;
      for (byte[] frame : frames) {
        if (bytes() + chunk.size() + frame.length > options.maxBytes()) {
          break;
        }
        if (segment != null && segment.size() + chunk.size() + frame.length > options.segmentBytes()) {
          appended += writeChunk(segment, chunk, inChunk);
          segment = null;
          inChunk = 0;
        }
        if (segment == null) {
          segment = writableSegment(frame.length);
        }
        chunk.writeBytes(frame);
        inChunk++;
      }
      if (inChunk > 0) {
        appended += writeChunk(segment, chunk, inChunk);
      }
      return appended;
    }
  }

  /** Writes a chunk of whole frames to one segment; the caller holds the lock. */
  private int writeChunk(Segment segment, java.io.ByteArrayOutputStream chunk, int records) throws IOException {
    byte[] bytes = chunk.toByteArray();
    chunk.reset();
    try {
      segment.append(bytes);
    } catch (IOException e) {
      if (!segment.rollBack()) {
        failure = e;
      }
      throw e;
    }
    totalBytes += bytes.length;
    nextSequence += records;
    if (options.fsync() == FsyncPolicy.ALWAYS) {
      try {
        segment.sync();
      } catch (IOException e) {
        failure = e;
        throw e;
      }
    } else {
      dirty = true;
    }
    return records;
  }

  /**
   * Up to max records starting at the first unacknowledged one, in append order, without removing them. Thread-safe.
   * Reading starts from a kept position, not from the start of the segment; the same records come back until they
   * are acknowledged.
   */
  public List<Record> peek(int max) throws IOException {
    if (max < 0) {
      throw new IllegalArgumentException("max must not be negative, got " + max);
    }
    synchronized (lock) {
      ensureOpen();
      List<Record> records = new ArrayList<>(Math.min(max, 1024));
      Position p = head;
      SegmentReader reader = null;
      try {
        while (records.size() < max && p.segment() != null) {
          if (reader == null) {
            reader = SegmentReader.open(p.segment().path(), p.offset(), p.segment().size());
          }
          byte[] payload;
          try {
            payload = reader.next();
          } catch (CorruptRecordException e) {
            unreadable(p.segment(), e);
            payload = null;
          }
          if (payload != null) {
            records.add(new Record(p.sequence(), payload));
            p = new Position(p.segment(), reader.offset(), p.sequence() + 1);
            continue;
          }
          Segment next = after(p.segment());
          if (next == null) {
            break;
          }
          reader.close();
          reader = null;
          p = startOf(next, p.sequence(), acknowledged);
          if (records.isEmpty()) { // only unreadable bytes were passed: nothing there left to deliver
            moveHead(p);
            p = head;
          }
        }
      } finally {
        if (reader != null) {
          reader.close();
        }
      }
      if (!records.isEmpty()) {
        lookahead = p;
      }
      return records;
    }
  }

  /**
   * Acknowledges every record up to and including sequence: they will never be returned again, even after reopening;
   * fully acknowledged segment files are deleted. The acknowledged position is written atomically before this
   * returns (temporary file, then rename), so a process crash leaves the old or the new one. It is forced to disk only
   * with {@link FsyncPolicy#ALWAYS} and before segment files are deleted: a checkpoint that a power loss takes back
   * means records delivered again (allowed), never records lost, as long as no segment it still needs was deleted.
   * Acknowledging an already acknowledged sequence does nothing.
   *
   * @throws IllegalArgumentException when no record with that sequence was ever appended
   */
  public void acknowledge(long sequence) throws IOException {
    synchronized (lock) {
      ensureOpen();
      if (sequence >= nextSequence) {
        throw new IllegalArgumentException(
            "sequence " + sequence + " was never appended (the next one will be " + nextSequence + ")");
      }
      if (sequence <= acknowledged) {
        return;
      }
      Position after = lookahead != null && lookahead.sequence() == sequence + 1
          ? lookahead
          : walk(head, sequence + 1);
      boolean mayDelete = segments.isEmpty() || after.segment() != segments.get(0)
          || after.offset() >= after.segment().size();
      Checkpoint.write(directory.path(), sequence, options.fsync() == FsyncPolicy.ALWAYS || mayDelete);
      acknowledged = sequence;
      moveHead(after);
    }
  }

  /**
   * Unacknowledged records. Exact, except that records in a segment found unreadable still count until reading or
   * acknowledging has passed them.
   */
  public long size() {
    synchronized (lock) {
      return nextSequence - head.sequence();
    }
  }

  /** Bytes on disk not yet acknowledged, record headers included: what {@code maxBytes} bounds. */
  public long bytes() {
    synchronized (lock) {
      return totalBytes - head.offset();
    }
  }

  /** The sequence the next appended record will get; lets a single appender know each record's sequence. */
  public long nextSequence() {
    synchronized (lock) {
      return nextSequence;
    }
  }

  public boolean isEmpty() {
    return size() == 0;
  }

  /** Forces appended records to disk (unless the policy is NEVER), closes the files and releases the directory. */
  @Override
  public void close() throws IOException {
    IOException error = null;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      try {
        if (active != null) {
          active.seal(options.fsync() != FsyncPolicy.NEVER && dirty);
        }
      } catch (IOException e) {
        error = e;
      }
      try {
        directory.close();
      } catch (IOException e) {
        if (error == null) {
          error = e;
        } else {
          error.addSuppressed(e);
        }
      }
    }
    if (flusher != null) {
      flusher.shutdownNow();
    }
    if (error != null) {
      throw error;
    }
  }

  // ---- recovery

  private void recover() throws IOException {
    Path dir = directory.path();
    Files.deleteIfExists(dir.resolve(Checkpoint.TEMP_FILE));
    acknowledged = Checkpoint.read(dir);
    nextSequence = acknowledged + 1;
    segments.addAll(directory.segments());
    if (segments.isEmpty()) {
      head = new Position(null, 0, nextSequence);
      return;
    }
    Segment last = segments.get(segments.size() - 1);
    last.openForAppend();
    active = last;
    nextSequence = Math.max(nextSequence, last.firstSequence() + recoverTail(last));
    for (Segment segment : segments) {
      totalBytes += segment.size();
    }
    // The first unacknowledged record is in the newest segment starting at or before it; older ones are all acked.
    int first = 0;
    while (first + 1 < segments.size() && segments.get(first + 1).firstSequence() <= acknowledged + 1) {
      first++;
    }
    Segment start = segments.get(first);
    head = new Position(start, 0, start.firstSequence());
    moveHead(walk(head, acknowledged + 1));
  }

  /** Checks every record of the last segment and cuts off the tail from the first bad one; returns the good ones. */
  private long recoverTail(Segment last) throws IOException {
    long records = 0;
    long valid = 0;
    try (SegmentReader reader = SegmentReader.open(last.path(), 0, last.size())) {
      while (true) {
        try {
          if (reader.next() == null) {
            break;
          }
        } catch (CorruptRecordException e) {
          LOG.log(Level.WARNING, "Cutting off " + (last.size() - e.offset()) + " bytes of torn or corrupt records "
              + "after " + records + " good ones: " + e.getMessage());
          break;
        }
        records++;
        valid = reader.offset();
      }
    }
    if (valid < last.size()) {
      last.truncate(valid);
    }
    return records;
  }

  private void startFlusher() {
    if (options.fsync() != FsyncPolicy.INTERVAL) {
      return;
    }
    long nanos;
    try {
      nanos = options.fsyncInterval().toNanos();
    } catch (ArithmeticException e) {
      nanos = Long.MAX_VALUE;
    }
    flusher = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "portcullis-spool-fsync");
      thread.setDaemon(true);
      return thread;
    });
    flusher.scheduleWithFixedDelay(this::syncIfDirty, nanos, nanos, TimeUnit.NANOSECONDS);
  }

  private void syncIfDirty() {
    synchronized (lock) {
      if (closed || !dirty || active == null || failure != null) {
        return;
      }
      try {
        active.sync();
        dirty = false;
      } catch (IOException e) {
        failure = e;
        LOG.log(Level.ERROR, "fsync of spool segment " + active + " failed; appends are refused until reopen", e);
      }
    }
  }

  // ---- positions and segments (all called with the lock held)

  /** The segment to append a frame of that size to: the active one, or a new one when it is full or missing. */
  private Segment writableSegment(long frameBytes) throws IOException {
    if (active != null && active.size() > 0 && active.size() + frameBytes > options.segmentBytes()) {
      Segment full = active;
      active = null;
      try {
        full.seal(options.fsync() != FsyncPolicy.NEVER && dirty);
        dirty = false;
      } catch (IOException e) {
        failure = e;
        throw e;
      }
    }
    if (active == null) {
      Segment created = Segment.create(directory.path(), nextSequence);
      segments.add(created);
      active = created;
      if (head.segment() == null) {
        head = new Position(created, 0, nextSequence);
      }
      directoryUnsynced = options.fsync() != FsyncPolicy.NEVER;
    }
    if (directoryUnsynced) {
      directory.sync(); // the new file's entry, or its records could vanish with it; retried by the next append
      directoryUnsynced = false;
    }
    return active;
  }

  /** Steps from a position over records, checking lengths only, until the given sequence or the end. */
  private Position walk(Position from, long target) throws IOException {
    Position p = from;
    SegmentReader reader = null;
    try {
      while (p.segment() != null && p.sequence() < target) {
        if (reader == null) {
          reader = SegmentReader.open(p.segment().path(), p.offset(), p.segment().size());
        }
        boolean stepped;
        try {
          stepped = reader.skip();
        } catch (CorruptRecordException e) {
          unreadable(p.segment(), e);
          stepped = false;
        }
        if (stepped) {
          p = new Position(p.segment(), reader.offset(), p.sequence() + 1);
          continue;
        }
        Segment next = after(p.segment());
        if (next == null) {
          break;
        }
        reader.close();
        reader = null;
        p = startOf(next, p.sequence(), Math.max(acknowledged, target - 1));
      }
    } finally {
      if (reader != null) {
        reader.close();
      }
    }
    return p;
  }

  /**
   * Makes a position the head: past the end of a finished segment means the start of the next one, past the end of
   * the last means the spool is empty. Segments before the head's are deleted.
   */
  private void moveHead(Position p) {
    Segment next;
    while (p.segment() != null && p.offset() >= p.segment().size() && (next = after(p.segment())) != null) {
      p = startOf(next, p.sequence(), acknowledged);
    }
    if (p.segment() != null && p.offset() >= p.segment().size()) {
      p = new Position(null, 0, nextSequence);
    }
    head = p;
    while (!segments.isEmpty() && segments.get(0) != p.segment()) {
      Segment done = segments.remove(0);
      totalBytes -= done.size();
      if (done == active) {
        active = null;
        dirty = false;
        directoryUnsynced = false;
      }
      try {
        done.delete();
      } catch (IOException e) {
        LOG.log(Level.WARNING, "Could not delete spool segment " + done.path() + "; retried on the next open", e);
      }
    }
    if (lookahead != null && lookahead.sequence() <= p.sequence()) {
      lookahead = null;
    }
  }

  private Segment after(Segment segment) {
    int i = segments.indexOf(segment);
    return i + 1 < segments.size() ? segments.get(i + 1) : null;
  }

  /**
   * The start of the segment following the one a position reached the end of. The sequences in between (the
   * previous segment ended early, through a torn write or skipped garbage) are reported as lost, except those
   * already acknowledged.
   */
  private Position startOf(Segment next, long reached, long acknowledgedUpTo) {
    long firstLost = Math.max(reached, acknowledgedUpTo + 1);
    if (firstLost < next.firstSequence() && next.firstSequence() - 1 > reportedLost) {
      reportedLost = next.firstSequence() - 1;
      LOG.log(Level.ERROR, "Spool records " + firstLost + " to " + (next.firstSequence() - 1)
          + " are lost: they could not be read back before segment " + next);
    } else if (reached > next.firstSequence()) {
      LOG.log(Level.WARNING, "Spool segment before " + next + " holds more records than its name implies; "
          + "continuing at " + next.firstSequence());
    }
    return new Position(next, 0, next.firstSequence());
  }

  /**
   * Bytes that are not an intact record. In a finished segment they are reported and the rest of the segment is
   * skipped; in the one being written they can only come from outside (we never write after a bad frame), and
   * reading past them is impossible, so it fails: reopening cuts them off.
   */
  private void unreadable(Segment segment, CorruptRecordException e) throws IOException {
    if (segment == active) {
      throw new IOException("corrupt record in the spool segment being written (" + e.getMessage()
          + "); reopen the spool to cut it off", e);
    }
    if (segment != reportedCorrupt) {
      reportedCorrupt = segment;
      LOG.log(Level.ERROR, "Skipping the rest of spool segment " + segment + ": " + e.getMessage());
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("spool " + directory.path() + " is closed");
    }
  }

  private static void closeQuietly(Segment segment, Exception failure) {
    try {
      segment.close();
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
  }
}

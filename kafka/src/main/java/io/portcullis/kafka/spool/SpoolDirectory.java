package io.portcullis.kafka.spool;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * The spool's directory, held with an exclusive lock on {@code spool.lock} while the spool is open: two writers
 * appending to the same segment would interleave their records and corrupt it. The lock is released when the process
 * dies, so a crash never leaves the directory locked.
 */
final class SpoolDirectory implements Closeable {
  static final String LOCK_FILE = "spool.lock";

  private final Path path;
  private final FileChannel lockChannel;
  private final FileLock lock;

  private SpoolDirectory(Path path, FileChannel lockChannel, FileLock lock) {
    this.path = path;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /** Creates the directory if needed and locks it, or fails when another spool has it open. */
  static SpoolDirectory lock(Path path) throws IOException {
    Files.createDirectories(path);
    FileChannel channel = FileChannel.open(path.resolve(LOCK_FILE), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null; // held by another spool in this JVM
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    if (lock == null) {
      channel.close();
      throw new IOException("spool directory " + path + " is already in use by another spool");
    }
    return new SpoolDirectory(path, channel, lock);
  }

  Path path() {
    return path;
  }

  /** The segment files present, in sequence order. */
  List<Segment> segments() throws IOException {
    List<Segment> segments = new ArrayList<>();
    try (Stream<Path> files = Files.list(path)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        OptionalLong first = Segment.firstSequenceOf(file.getFileName().toString());
        if (first.isPresent() && Files.isRegularFile(file)) {
          segments.add(Segment.existing(file, first.getAsLong()));
        }
      }
    }
    segments.sort(Comparator.comparingLong(Segment::firstSequence));
    return segments;
  }

  /** Makes the creation, rename or deletion of entries in the directory durable. */
  void sync() throws IOException {
    sync(path);
  }

  static void sync(Path directory) throws IOException {
    FileChannel channel;
    try {
      channel = FileChannel.open(directory, StandardOpenOption.READ);
    } catch (IOException e) {
      return; // platforms that cannot open a directory (Windows) make directory entries durable on their own
    }
    // An interrupt during channel I/O would close the channel and fail the fsync: keep it for after.
    boolean interrupted = Thread.interrupted();
    try (channel) {
      channel.force(true);
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void close() throws IOException {
    try (lockChannel) {
      lock.release();
    }
  }
}

package io.portcullis.kafka.spool;

import java.io.FileOutputStream;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.CRC32;

/**
 * The last acknowledged sequence, in a 16-byte file {@code checkpoint}: {@code [int magic][long sequence][int crc32]}.
 *
 * <p>It is replaced atomically (write a temporary file, rename it over the old one), so a process crash leaves either
 * the old or the new checkpoint, never a mix; when forced, the file and the directory are also fsynced, so a power loss
 * does too. Should it be unreadable anyway, the spool starts from the oldest record on disk: delivering records twice
 * is allowed, losing them is not.
 */
final class Checkpoint {
  static final String FILE = "checkpoint";
  static final String TEMP_FILE = "checkpoint.tmp";
  /** Nothing acknowledged yet. */
  static final long NONE = -1;

  private static final System.Logger LOG = System.getLogger(Checkpoint.class.getName());
  private static final int MAGIC = 0x50534350; // "PSCP"
  private static final int BYTES = 16;

  private Checkpoint() {
  }

  static long read(Path directory) throws IOException {
    Path file = directory.resolve(FILE);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return NONE;
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    if (bytes.length != BYTES || buffer.getInt(0) != MAGIC || buffer.getInt(12) != crc(bytes)) {
      LOG.log(Level.WARNING, "Ignoring unreadable spool checkpoint " + file + ": records will be delivered again "
          + "from the oldest one on disk");
      return NONE;
    }
    return buffer.getLong(4);
  }

  static void write(Path directory, long sequence, boolean force) throws IOException {
    byte[] bytes = new byte[BYTES];
    ByteBuffer.wrap(bytes).putInt(0, MAGIC).putLong(4, sequence);
    ByteBuffer.wrap(bytes).putInt(12, crc(bytes));
    Path temp = directory.resolve(TEMP_FILE);
    try (FileOutputStream out = new FileOutputStream(temp.toFile())) {
      out.write(bytes);
      if (force) {
        out.getFD().sync();
      }
    }
    Files.move(temp, directory.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    if (force) {
      SpoolDirectory.sync(directory);
    }
  }

  private static int crc(byte[] bytes) {
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, 12);
    return (int) crc.getValue();
  }
}

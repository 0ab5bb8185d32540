package io.portcullis.kafka.spool;

import static io.portcullis.kafka.spool.SpoolTesting.appendEvents;
import static io.portcullis.kafka.spool.SpoolTesting.bytes;
import static io.portcullis.kafka.spool.SpoolTesting.events;
import static io.portcullis.kafka.spool.SpoolTesting.options;
import static io.portcullis.kafka.spool.SpoolTesting.segmentFiles;
import static io.portcullis.kafka.spool.SpoolTesting.sequences;
import static io.portcullis.kafka.spool.SpoolTesting.texts;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What a crash can leave behind, simulated by editing the files of a closed spool. */
class DiskSpoolRecoveryTest {
  @TempDir
  Path dir;

  /** Ten records: segments 0-3, 4-7 and 8-9, 16 bytes per record. */
  private Path spoolOfTen() throws IOException {
    try (DiskSpool spool = DiskSpool.open(options(dir, 10_000, 64))) {
      appendEvents(spool, 0, 10);
    }
    List<Path> segments = segmentFiles(dir);
    assertThat(segments).hasSize(3);
    return segments.get(2);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 7, 8, 13})
  void cutsOffARecordTornMidWrite(int bytesCut) throws IOException {
    Path last = spoolOfTen();
    truncate(last, Files.size(last) - bytesCut); // record 9 is partial: header or payload cut short

    try (DiskSpool spool = DiskSpool.open(options(dir, 10_000, 64))) {
      assertThat(texts(spool.peek(100))).isEqualTo(events(0, 9));
      assertThat(Files.size(last)).isEqualTo(16);
      appendEvents(spool, 9, 11);
    }
    try (DiskSpool spool = DiskSpool.open(options(dir, 10_000, 64))) {
      List<DiskSpool.Record> records = spool.peek(100);
      assertThat(texts(records)).isEqualTo(events(0, 11));
      assertThat(sequences(records)).last().isEqualTo(10L);
    }
  }

  @Test
  void cutsOffGarbageAfterTheLastRecord() throws IOException {
    Path last = spoolOfTen();
    long size = Files.size(last);
    Files.write(last, new byte[] {0, 0, 0, 3, 1, 2, 3, 4, 'a', 'b', 'c', 'd', 'e'}, StandardOpenOption.APPEND);

    try (DiskSpool spool = DiskSpool.open(options(dir, 10_000, 64))) {
      assertThat(Files.size(last)).isEqualTo(size);
      assertThat(texts(spool.peek(100))).isEqualTo(events(0, 10));
      assertThat(spool.size()).isEqualTo(10);
    }
  }

  @Test
  void aZeroFilledTailIsNotReadAsEmptyRecords() throws IOException {
    Path last = spoolOfTen();
    long size = Files.size(last);
    Files.write(last, new byte[64], StandardOpenOption.APPEND); // size persisted, data not: a crash on ext4

    try (DiskSpool spool = DiskSpool.open(options(dir, 10_000, 64))) {
      assertThat(Files.size(last)).isEqualTo(size);
      assertThat(spool.size()).isEqualTo(10);
      assertThat(spool.append(new byte[0])).as("an empty record is fine though").isTrue();
      assertThat(spool.peek(100)).last().isEqualTo(new DiskSpool.Record(10, new byte[0]));
    }
  }

  @Test
  void aLastSegmentLeftEmptyByACrashIsReused() throws IOException {
    spoolOfTen();
    Files.createFile(dir.resolve(Segment.fileName(10)));

    try (DiskSpool spool = DiskSpool.open(options(dir, 10_000, 64))) {
      assertThat(spool.size()).isEqualTo(10);
      appendEvents(spool, 10, 11);
      assertThat(sequences(spool.peek(100))).last().isEqualTo(10L);
    }
  }

  @Test
  void skipsUnreadableBytesInAnOlderSegmentAndDeliversTheRest() throws IOException {
    spoolOfTen();
    Path middle = segmentFiles(dir).get(1);
    try (RandomAccessFile file = new RandomAccessFile(middle.toFile(), "rw")) {
      file.seek(16 + 8 + 3); // a payload byte of record 5
      file.write('X');
    }

    try (DiskSpool spool = DiskSpool.open(options(dir, 10_000, 64))) {
      List<DiskSpool.Record> records = spool.peek(100);
      assertThat(sequences(records)).containsExactly(0L, 1L, 2L, 3L, 4L, 8L, 9L);
      assertThat(texts(records)).containsExactly("event-00", "event-01", "event-02", "event-03", "event-04",
          "event-08", "event-09");
      spool.acknowledge(4);
      assertThat(sequences(spool.peek(100))).containsExactly(8L, 9L);
      assertThat(spool.size()).as("the lost records no longer count").isEqualTo(2);
      assertThat(segmentFiles(dir)).hasSize(1);
    }
  }

  @Test
  void anUnreadableCheckpointMeansDeliveringAgainNotLosing() throws IOException {
    try (DiskSpool spool = DiskSpool.open(options(dir, 10_000, 64))) {
      appendEvents(spool, 0, 10);
      spool.acknowledge(5);
    }
    Files.write(dir.resolve(Checkpoint.FILE), bytes("garbage"));

    try (DiskSpool spool = DiskSpool.open(options(dir, 10_000, 64))) {
      assertThat(sequences(spool.peek(100))).first().isEqualTo(4L); // the segment 0-3 was already deleted
      assertThat(spool.size()).isEqualTo(6);
    }
  }

  @Test
  void aCheckpointTakenBackByAPowerLossMeansDeliveringAgainNotLosing() throws IOException {
    try (DiskSpool spool = DiskSpool.open(options(dir, 10_000, 64))) {
      appendEvents(spool, 0, 10);
      spool.acknowledge(5); // deletes the segment 0-3: forced
      spool.acknowledge(6); // within the segment 4-7: written, not forced
    }
    Checkpoint.write(dir, 5, true); // what a power loss may leave: the last forced checkpoint

    try (DiskSpool spool = DiskSpool.open(options(dir, 10_000, 64))) {
      assertThat(sequences(spool.peek(100))).containsExactly(6L, 7L, 8L, 9L);
    }
  }

  @Test
  void finishesAnAcknowledgementInterruptedBeforeItsSegmentsWereDeleted() throws IOException {
    spoolOfTen();
    Checkpoint.write(dir, 8, true); // the crash came between the checkpoint and the deletes
    Files.writeString(dir.resolve(Checkpoint.TEMP_FILE), "left over");

    try (DiskSpool spool = DiskSpool.open(options(dir, 10_000, 64))) {
      assertThat(spool.peek(100)).containsExactly(new DiskSpool.Record(9, bytes("event-09")));
      assertThat(segmentFiles(dir)).hasSize(1);
      assertThat(dir.resolve(Checkpoint.TEMP_FILE)).doesNotExist();
    }
  }

  private static void truncate(Path file, long size) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(size);
    }
  }
}

package io.portcullis.kafka.spool;

import static io.portcullis.kafka.spool.SpoolTesting.appendEvents;
import static io.portcullis.kafka.spool.SpoolTesting.bytes;
import static io.portcullis.kafka.spool.SpoolTesting.events;
import static io.portcullis.kafka.spool.SpoolTesting.options;
import static io.portcullis.kafka.spool.SpoolTesting.segmentNames;
import static io.portcullis.kafka.spool.SpoolTesting.sequences;
import static io.portcullis.kafka.spool.SpoolTesting.texts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portcullis.kafka.spool.DiskSpool.FsyncPolicy;
import io.portcullis.kafka.spool.DiskSpool.Options;
import io.portcullis.kafka.spool.DiskSpool.Record;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DiskSpoolTest {
  @TempDir
  Path dir;

  @Test
  void peeksInAppendOrderAcrossSegmentsUntilAcknowledged() throws IOException {
    try (DiskSpool spool = DiskSpool.open(options(dir, 10_000, 64))) { // 4 records of 16 bytes per segment
      assertThat(spool.isEmpty()).isTrue();
      assertThat(spool.peek(10)).isEmpty();
      appendEvents(spool, 0, 20);
      assertThat(segmentNames(dir)).hasSize(5).first().isEqualTo("spool-00000000000000000000.seg");
      assertThat(spool.size()).isEqualTo(20);
      assertThat(spool.bytes()).isEqualTo(20 * 16);

      List<Record> first = spool.peek(7);
      assertThat(sequences(first)).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L);
      assertThat(texts(first)).isEqualTo(events(0, 7));
      assertThat(spool.peek(7)).as("peek does not remove").isEqualTo(first);

      spool.acknowledge(6);
      assertThat(spool.size()).isEqualTo(13);
      assertThat(spool.bytes()).isEqualTo(13 * 16);
      List<Record> rest = spool.peek(100);
      assertThat(sequences(rest)).first().isEqualTo(7L);
      assertThat(texts(rest)).isEqualTo(events(7, 20));

      spool.acknowledge(9); // within the last batch peeked, not at its end
      assertThat(texts(spool.peek(3))).isEqualTo(events(10, 13));
      spool.acknowledge(19);
      assertThat(spool.isEmpty()).isTrue();
      assertThat(spool.bytes()).isZero();
      assertThat(spool.peek(10)).isEmpty();
    }
  }

  @Test
  void deletesSegmentsOnceAllTheirRecordsAreAcknowledged() throws IOException {
    try (DiskSpool spool = DiskSpool.open(options(dir, 10_000, 64))) {
      appendEvents(spool, 0, 20);
      spool.acknowledge(2);
      assertThat(segmentNames(dir)).hasSize(5);
      spool.acknowledge(7);
      assertThat(segmentNames(dir)).containsExactly("spool-00000000000000000008.seg",
          "spool-00000000000000000012.seg", "spool-00000000000000000016.seg");
      spool.acknowledge(19);
      assertThat(segmentNames(dir)).as("the segment being written goes too once drained").isEmpty();

      appendEvents(spool, 20, 21);
      assertThat(segmentNames(dir)).containsExactly("spool-00000000000000000020.seg");
      assertThat(spool.peek(5)).containsExactly(new Record(20, bytes("event-20")));
    }
  }

  @Test
  void reopenResumesAfterTheAcknowledgedRecordWithTheSameSequences() throws IOException {
    try (DiskSpool spool = DiskSpool.open(options(dir, 10_000, 64))) {
      appendEvents(spool, 0, 10);
      spool.peek(6);
      spool.acknowledge(5);
    }
    assertThat(dir.resolve(Checkpoint.FILE)).exists();
    try (DiskSpool spool = DiskSpool.open(options(dir, 10_000, 64))) {
      assertThat(spool.size()).isEqualTo(4);
      assertThat(spool.bytes()).isEqualTo(4 * 16);
      List<Record> records = spool.peek(100);
      assertThat(sequences(records)).containsExactly(6L, 7L, 8L, 9L);
      assertThat(texts(records)).isEqualTo(events(6, 10));
      assertThat(spool.append(bytes("event-10"))).isTrue();
      assertThat(spool.peek(100)).last().isEqualTo(new Record(10, bytes("event-10")));
      spool.acknowledge(10);
    }
    try (DiskSpool spool = DiskSpool.open(options(dir, 10_000, 64))) {
      assertThat(spool.isEmpty()).isTrue();
      assertThat(segmentNames(dir)).isEmpty();
      appendEvents(spool, 11, 12);
      assertThat(sequences(spool.peek(1))).as("sequences continue across reopen").containsExactly(11L);
    }
  }

  @Test
  void refusesRecordsBeyondMaxBytesAndAcceptsAgainOnceAcknowledged() throws IOException {
    try (DiskSpool spool = DiskSpool.open(options(dir, 160, 64))) { // room for ten 16-byte frames
      appendEvents(spool, 0, 10);
      assertThat(spool.bytes()).isEqualTo(160);
      List<String> files = SpoolTesting.fileNames(dir);
      assertThat(spool.append(bytes("event-10"))).isFalse();
      assertThat(spool.append(new byte[0])).as("even an empty record has a header").isFalse();
      assertThat(spool.append(new byte[200])).as("larger than maxBytes: never").isFalse();
      assertThat(SpoolTesting.fileNames(dir)).isEqualTo(files);
      assertThat(spool.size()).isEqualTo(10);

      spool.acknowledge(2); // frees 48 bytes, though the segment holding them stays
      appendEvents(spool, 10, 13);
      assertThat(spool.append(bytes("event-13"))).isFalse();
      assertThat(texts(spool.peek(100))).isEqualTo(events(3, 13));
      assertThat(spool.append(new byte[160 - 8])).as("fits maxBytes exactly, but only once drained").isFalse();
      spool.acknowledge(12);
      assertThat(spool.append(new byte[160 - 8])).isTrue();
      assertThat(segmentNames(dir)).as("a record larger than segmentBytes gets a segment alone").hasSize(1);
    }
  }

  @Test
  void rollsToANewSegmentForARecordLargerThanSegmentBytes() throws IOException {
    try (DiskSpool spool = DiskSpool.open(options(dir, 10_000, 64))) {
      appendEvents(spool, 0, 1);
      assertThat(spool.append(new byte[100])).isTrue();
      appendEvents(spool, 2, 3);
      assertThat(segmentNames(dir)).containsExactly("spool-00000000000000000000.seg",
          "spool-00000000000000000001.seg", "spool-00000000000000000002.seg");
      assertThat(spool.peek(10)).extracting(r -> r.payload().length).containsExactly(8, 100, 8);
    }
  }

  @ParameterizedTest
  @EnumSource(FsyncPolicy.class)
  void everyFsyncPolicyKeepsRecordsAcrossReopen(FsyncPolicy policy) throws Exception {
    try (DiskSpool spool = DiskSpool.open(options(dir, 10_000, 64, policy))) {
      appendEvents(spool, 0, 15);
      Thread.sleep(50); // INTERVAL: let the background fsync run at least once
      appendEvents(spool, 15, 30);
      spool.acknowledge(9);
    }
    try (DiskSpool spool = DiskSpool.open(options(dir, 10_000, 64, policy))) {
      assertThat(texts(spool.peek(100))).isEqualTo(events(10, 30));
      appendEvents(spool, 30, 31);
      assertThat(spool.size()).isEqualTo(21);
    }
  }

  @Test
  void acknowledgingIsIdempotentAndOnlyForAppendedRecords() throws IOException {
    try (DiskSpool spool = DiskSpool.open(options(dir, 10_000, 64))) {
      assertThatThrownBy(() -> spool.acknowledge(0)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("never appended");
      appendEvents(spool, 0, 5);
      spool.acknowledge(3);
      spool.acknowledge(1);
      spool.acknowledge(3);
      assertThat(sequences(spool.peek(10))).containsExactly(4L);
      assertThatThrownBy(() -> spool.acknowledge(5)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> spool.peek(-1)).isInstanceOf(IllegalArgumentException.class);
      assertThat(spool.peek(0)).isEmpty();
    }
  }

  @Test
  void oneSpoolPerDirectory() throws IOException {
    try (DiskSpool spool = DiskSpool.open(options(dir, 10_000, 64))) {
      assertThatThrownBy(() -> DiskSpool.open(options(dir, 10_000, 64))).isInstanceOf(IOException.class)
          .hasMessageContaining("already in use");
    }
    DiskSpool reopened = DiskSpool.open(options(dir, 10_000, 64));
    reopened.close();
    reopened.close(); // idempotent
    assertThatThrownBy(() -> reopened.append(bytes("x"))).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> reopened.peek(1)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void validatesOptions() {
    assertThatThrownBy(() -> new Options(dir, 0, 64, FsyncPolicy.NEVER, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxBytes");
    assertThatThrownBy(() -> new Options(dir, 100, 0, FsyncPolicy.NEVER, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("segmentBytes");
    assertThatThrownBy(() -> new Options(dir, 100, 8, FsyncPolicy.NEVER, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("segmentBytes");
    assertThatThrownBy(() -> new Options(dir, 100, 200, FsyncPolicy.NEVER, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("segmentBytes")
        .hasMessageContaining("maxBytes");
    assertThatThrownBy(() -> new Options(dir, 100, 64, FsyncPolicy.INTERVAL, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fsyncInterval");
    assertThatThrownBy(() -> new Options(dir, 100, 64, FsyncPolicy.INTERVAL, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fsyncInterval");
    assertThatThrownBy(() -> new Options(null, 100, 64, FsyncPolicy.NEVER, null)).hasMessageContaining("directory");
    assertThatThrownBy(() -> new Options(dir, 100, 64, null, null)).hasMessageContaining("fsync");
    assertThat(new Options(dir, 100, 100, FsyncPolicy.ALWAYS, null).segmentBytes()).isEqualTo(100);
  }
}

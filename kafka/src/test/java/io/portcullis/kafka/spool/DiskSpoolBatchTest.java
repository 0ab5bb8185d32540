package io.portcullis.kafka.spool;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskSpoolBatchTest {
  @TempDir
  Path dir;

  private DiskSpool open(long max, long segment) throws Exception {
    return DiskSpool.open(new DiskSpool.Options(dir, max, segment, DiskSpool.FsyncPolicy.NEVER, Duration.ofSeconds(1)));
  }

  private static List<byte[]> records(int from, int count) {
    List<byte[]> out = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      out.add(("record-" + i).getBytes(StandardCharsets.UTF_8));
    }
    return out;
  }

  @Test
  void batchesSpanSegmentsKeepOrderAndSurviveReopening() throws Exception {
    try (DiskSpool spool = open(1 << 20, 200)) {
      assertThat(spool.appendAll(records(0, 50))).isEqualTo(50);
      assertThat(spool.append("single".getBytes(StandardCharsets.UTF_8))).isTrue();
      assertThat(spool.appendAll(records(50, 50))).isEqualTo(50);
      assertThat(spool.nextSequence()).isEqualTo(101);
    }
    try (DiskSpool spool = open(1 << 20, 200)) {
      List<DiskSpool.Record> all = spool.peek(1000);
      assertThat(all).hasSize(101);
      assertThat(new String(all.get(0).payload(), StandardCharsets.UTF_8)).isEqualTo("record-0");
      assertThat(new String(all.get(50).payload(), StandardCharsets.UTF_8)).isEqualTo("single");
      assertThat(new String(all.get(100).payload(), StandardCharsets.UTF_8)).isEqualTo("record-99");
      for (int i = 0; i < all.size(); i++) {
        assertThat(all.get(i).sequence()).isEqualTo(i);
      }
    }
  }

  @Test
  void aBatchStopsAtTheLimitAndAppendsAPrefix() throws Exception {
    try (DiskSpool spool = open(160, 160)) {
      int appended = spool.appendAll(records(0, 20));
      assertThat(appended).isBetween(1, 19);
      assertThat(spool.size()).isEqualTo(appended);
      assertThat(spool.appendAll(records(100, 1))).isZero();
    }
  }
}

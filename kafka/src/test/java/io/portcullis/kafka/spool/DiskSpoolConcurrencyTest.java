package io.portcullis.kafka.spool;

import static io.portcullis.kafka.spool.SpoolTesting.bytes;
import static io.portcullis.kafka.spool.SpoolTesting.options;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.kafka.spool.DiskSpool.FsyncPolicy;
import io.portcullis.kafka.spool.DiskSpool.Record;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskSpoolConcurrencyTest {
  private static final int THREADS = 4;
  private static final int PER_THREAD = 2_000;

  @TempDir
  Path dir;

  @Test
  void concurrentAppendsComeOutExactlyOnceInEachThreadsOrder() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);
    try (DiskSpool spool = DiskSpool.open(options(dir, 64 << 20, 16 << 10))) {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> producers = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        producers.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < PER_THREAD; i++) {
            assertThat(spool.append(bytes(thread + ":" + i))).isTrue();
          }
          return null;
        }));
      }
      // A shipper draining while the producers append, in batches.
      Future<List<Record>> shipper = pool.submit(() -> {
        List<Record> shipped = new ArrayList<>();
        start.await();
        while (shipped.size() < THREADS * PER_THREAD) {
          List<Record> batch = spool.peek(300);
          if (batch.isEmpty()) {
            Thread.onSpinWait();
            continue;
          }
          shipped.addAll(batch);
          spool.acknowledge(batch.get(batch.size() - 1).sequence());
        }
        return shipped;
      });
      start.countDown();
      for (Future<?> producer : producers) {
        producer.get(10, TimeUnit.SECONDS);
      }
      List<Record> shipped = shipper.get(10, TimeUnit.SECONDS);

      assertThat(shipped).extracting(Record::sequence)
          .containsExactlyElementsOf(() -> LongStream.range(0, THREADS * PER_THREAD).iterator());
      int[] next = new int[THREADS];
      for (Record record : shipped) {
        String[] parts = new String(record.payload(), UTF_8).split(":");
        int thread = Integer.parseInt(parts[0]);
        assertThat(Integer.parseInt(parts[1])).as("thread %d in order, once", thread).isEqualTo(next[thread]++);
      }
      assertThat(next).containsOnly(PER_THREAD);
      assertThat(spool.isEmpty()).isTrue();
      assertThat(SpoolTesting.segmentFiles(dir)).isEmpty();
    } finally {
      pool.shutdownNow();
    }
  }

  /** Not a benchmark, and no assertion on time: a rough figure per policy, printed to the test output. */
  @Test
  void appendThroughputPerFsyncPolicy() throws Exception {
    byte[] event = new byte[300]; // about an audit event
    for (FsyncPolicy policy : FsyncPolicy.values()) {
      Path sub = dir.resolve(policy.name().toLowerCase(Locale.ROOT));
      long appended = 0;
      long elapsed;
      try (DiskSpool spool = DiskSpool.open(options(sub, 1L << 30, 16 << 20, policy))) {
        long begin = System.nanoTime();
        long deadline = begin + TimeUnit.MILLISECONDS.toNanos(policy == FsyncPolicy.ALWAYS ? 500 : 300);
        while (appended < 200_000 && System.nanoTime() < deadline) {
          spool.append(event);
          appended++;
        }
        elapsed = System.nanoTime() - begin;
        assertThat(spool.size()).isEqualTo(appended);
      }
      System.out.printf(Locale.ROOT,
          "DiskSpool append, fsync %-8s: %,9d records/s (%,d records of %d bytes in %d ms)%n", policy, appended * 1_000_000_000L / elapsed, appended, event.length, elapsed / 1_000_000);
    }
  }
}

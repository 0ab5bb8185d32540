package io.portcullis.kafka.spool;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.portcullis.kafka.spool.DiskSpool.FsyncPolicy;
import io.portcullis.kafka.spool.DiskSpool.Options;
import io.portcullis.kafka.spool.DiskSpool.Record;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/** Helpers shared by the spool tests. */
final class SpoolTesting {
  private SpoolTesting() {
  }

  static Options options(Path dir, long maxBytes, long segmentBytes) {
    return options(dir, maxBytes, segmentBytes, FsyncPolicy.NEVER);
  }

  static Options options(Path dir, long maxBytes, long segmentBytes, FsyncPolicy fsync) {
    return new Options(dir, maxBytes, segmentBytes, fsync, Duration.ofMillis(20));
  }

  static byte[] bytes(String text) {
    return text.getBytes(UTF_8);
  }

  static List<String> texts(List<Record> records) {
    return records.stream().map(r -> new String(r.payload(), UTF_8)).collect(Collectors.toList());
  }

  static List<Long> sequences(List<Record> records) {
    return records.stream().map(Record::sequence).collect(Collectors.toList());
  }

  /** Appends "event-00", "event-01"...: 8-byte payloads, 16-byte frames. */
  static void appendEvents(DiskSpool spool, int from, int to) throws IOException {
    for (int i = from; i < to; i++) {
      if (!spool.append(bytes(String.format("event-%02d", i)))) {
        throw new AssertionError("refused event " + i);
      }
    }
  }

  static List<String> events(int from, int to) {
    return IntStream.range(from, to).mapToObj(i -> String.format("event-%02d", i))
        .collect(Collectors.toList());
  }

  static List<Path> segmentFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".seg")).sorted().collect(Collectors.toList());
    }
  }

  static List<String> fileNames(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).sorted().collect(Collectors.toList());
    }
  }

  static List<String> segmentNames(Path dir) throws IOException {
    return segmentFiles(dir).stream().map(f -> f.getFileName().toString()).collect(Collectors.toList());
  }
}

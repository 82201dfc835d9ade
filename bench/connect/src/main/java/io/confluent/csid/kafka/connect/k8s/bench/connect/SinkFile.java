package io.confluent.csid.kafka.connect.k8s.bench.connect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Progress of a FileStreamSink, read from the size of the file it writes: every record is one
 * fixed-size line, and the sink writes each line through to the file as it is put, so the size
 * counts the records delivered without touching the measured process.
 */
final class SinkFile {

  private final Path file;
  private final int lineBytes;

  SinkFile(Path file, int recordSize) {
    this.file = file;
    this.lineBytes = recordSize + 1;
  }

  Path path() {
    return file;
  }

  long lines() {
    try {
      return Files.exists(file) ? Files.size(file) / lineBytes : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  /**
   * Waits until {@code count} lines are in the file and returns the records per second over the
   * second half: from the sample that first saw half of them to the one that saw them all.
   */
  double awaitRate(long count, Duration timeout, JvmProcess watched) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long halfAt = 0;
    long halfLines = 0;
    while (System.nanoTime() < deadline) {
      long lines = lines();
      long now = System.nanoTime();
      if (halfAt == 0 && lines >= count / 2) {
        halfAt = now;
        halfLines = lines;
      }
      if (lines >= count) {
        return Rates.perSecond(count - halfLines, Math.max(1, (now - halfAt) / 1_000_000));
      }
      if (watched != null) {
        watched.assertAlive();
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException(
        file + " has " + lines() + " of " + count + " lines after " + timeout);
  }
}

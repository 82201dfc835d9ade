package io.confluent.csid.kafka.connect.k8s.bench.connect;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Waits for a line in a process's log, reading only what was appended since the last look. Used for
 * "task RUNNING" on both sides: Connect's own {@code WorkerTask} logs "finished initialization and
 * start" right before it reports the task RUNNING, in the runner and in the worker alike. Polling a
 * health or REST endpoint instead would spend the measured process's CPU (and fill the runner's log
 * with health-check lines) while it starts.
 */
final class LogWatch {

  private LogWatch() {}

  /** Returns the milliseconds since {@code process} was forked when a line holds every part. */
  static long await(JvmProcess process, Duration timeout, String... parts)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long position = 0;
    String carry = "";
    Path log = process.log();
    while (System.nanoTime() < deadline) {
      try {
        if (Files.exists(log)) {
          try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long length = file.length();
            if (length > position) {
              byte[] bytes = new byte[(int) (length - position)];
              file.seek(position);
              file.readFully(bytes);
              position = length;
              String text = carry + new String(bytes, StandardCharsets.UTF_8);
              int lastNewline = text.lastIndexOf('\n');
              for (String line : text.substring(0, lastNewline + 1).split("\n")) {
                if (containsAll(line, parts)) {
                  return process.elapsedMillis();
                }
              }
              carry = text.substring(lastNewline + 1);
            }
          }
        }
      } catch (IOException e) {
        // the log is being created
      }
      process.assertAlive();
      Thread.sleep(20);
    }
    throw new IllegalStateException(
        "no line with " + String.join(" + ", parts) + " in " + log + " after " + timeout);
  }

  private static boolean containsAll(String line, String... parts) {
    for (String part : parts) {
      if (!line.contains(part)) {
        return false;
      }
    }
    return true;
  }
}

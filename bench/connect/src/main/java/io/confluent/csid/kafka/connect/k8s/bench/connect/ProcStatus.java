package io.confluent.csid.kafka.connect.k8s.bench.connect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads Linux's {@code /proc}: memory of a process and the machine's load. */
final class ProcStatus {

  private ProcStatus() {}

  /** A {@code kB} field of {@code /proc/<pid>/status}, e.g. VmRSS or VmHWM. */
  static long kib(long pid, String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
        if (line.startsWith(field + ":")) {
          return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").trim());
        }
      }
      throw new IllegalStateException(field + " not in /proc/" + pid + "/status");
    } catch (IOException e) {
      throw new UncheckedIOException("process " + pid + " is gone", e);
    }
  }

  /** The three load averages, as {@code /proc/loadavg} prints them. */
  static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException e) {
      return "n/a";
    }
  }
}

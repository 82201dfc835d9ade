package io.confluent.csid.kafka.connect.k8s.bench.operator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What Linux's /proc says about a process and the machine: memory, CPU time, load. */
final class ProcStats {

  /** USER_HZ: clock ticks per second of /proc/<pid>/stat; 100 on every Linux ABI in use. */
  private static final double TICKS_PER_SECOND = 100.0;

  private ProcStats() {}

  /** Resident set size in KiB ({@code VmRSS}). */
  static long rssKib(long pid) {
    return statusField(pid, "VmRSS:");
  }

  /** The kernel's own high-water mark of the resident set in KiB ({@code VmHWM}). */
  static long peakRssKib(long pid) {
    return statusField(pid, "VmHWM:");
  }

  /** User plus system CPU seconds the process has used so far. */
  static double cpuSeconds(long pid) {
    String stat = read(Path.of("/proc", String.valueOf(pid), "stat"));
    // The command name (field 2) may hold spaces; the fields after its closing paren do not.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the paren.
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
  }

  /** "0.68 0.96 2.37": the 1, 5 and 15 minute load averages. */
  static String loadAverage() {
    String[] parts = read(Path.of("/proc/loadavg")).trim().split(" ");
    return parts[0] + " " + parts[1] + " " + parts[2];
  }

  /** CPU model, core count and memory of this machine, for the figures' provenance. */
  static String machine() {
    String model =
        read(Path.of("/proc/cpuinfo"))
            .lines()
            .filter(l -> l.startsWith("model name"))
            .map(l -> l.substring(l.indexOf(':') + 1).trim())
            .findFirst()
            .orElse("unknown CPU");
    long memKib =
        read(Path.of("/proc/meminfo"))
            .lines()
            .filter(l -> l.startsWith("MemTotal:"))
            .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")))
            .findFirst()
            .orElse(0L);
    return "%d cores (%s), %.1f GiB RAM, Java %s"
        .formatted(
            Runtime.getRuntime().availableProcessors(),
            model,
            memKib / 1024.0 / 1024.0,
            System.getProperty("java.version"));
  }

  private static long statusField(long pid, String field) {
    return read(Path.of("/proc", String.valueOf(pid), "status"))
        .lines()
        .filter(l -> l.startsWith(field))
        .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no " + field + " for pid " + pid));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package io.confluent.csid.kafka.connect.k8s.bench.connect;

import java.util.List;

/**
 * Sizes of one benchmark run. The same JVM flags go to the runner's task process and to the peer
 * worker: only the start-up levers vary them, and say so.
 */
record BenchOptions(
    long records, int recordSize, int runs, int isolationSeconds, int rate, List<String> jvmFlags) {

  static BenchOptions fromSystemProperties() {
    return new BenchOptions(
        Long.getLong("bench.records", 500_000),
        Integer.getInteger("bench.record-size", 100),
        Integer.getInteger("bench.runs", 3),
        Integer.getInteger("bench.isolation-seconds", 60),
        Integer.getInteger("bench.isolation-rate", 2000),
        List.of(System.getProperty("bench.jvm-flags", "-Xmx512m").trim().split("\\s+")));
  }
}

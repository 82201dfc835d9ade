package io.confluent.csid.kafka.connect.k8s.bench.operator;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/** Nearest-rank percentiles of per-connector latencies in milliseconds. */
record Latencies(int count, long p50, long p95, long max) {

  static Latencies of(Collection<Long> millis) {
    if (millis.isEmpty()) {
      return new Latencies(0, 0, 0, 0);
    }
    List<Long> sorted = new ArrayList<>(millis);
    Collections.sort(sorted);
    return new Latencies(
        sorted.size(), rank(sorted, 50), rank(sorted, 95), sorted.get(sorted.size() - 1));
  }

  private static long rank(List<Long> sorted, int percentile) {
    int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, index));
  }

  @Override
  public String toString() {
    return "p50 %s, p95 %s, max %s (n=%d)"
        .formatted(seconds(p50), seconds(p95), seconds(max), count);
  }

  static String seconds(long millis) {
    return "%.1f s".formatted(millis / 1000.0);
  }
}

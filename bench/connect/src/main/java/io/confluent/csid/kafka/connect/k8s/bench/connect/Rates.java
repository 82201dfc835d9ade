package io.confluent.csid.kafka.connect.k8s.bench.connect;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The little arithmetic every figure set shares. */
final class Rates {

  private Rates() {}

  static double perSecond(long records, long millis) {
    return records * 1000.0 / millis;
  }

  /** The median; for an even count the mean of the two middle values. */
  static double median(List<Double> values) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /** The same records as the file source reads and the raw producer sends: fixed size, ASCII. */
  static String record(int i, int size) {
    String prefix = String.format("%010d ", i);
    StringBuilder sb = new StringBuilder(size).append(prefix);
    while (sb.length() < size) {
      sb.append((char) ('a' + sb.length() % 26));
    }
    return sb.substring(0, size);
  }
}

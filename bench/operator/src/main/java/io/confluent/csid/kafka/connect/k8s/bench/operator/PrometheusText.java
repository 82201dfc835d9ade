package io.confluent.csid.kafka.connect.k8s.bench.operator;

import java.util.Map;
import java.util.TreeMap;

/** Sums of Prometheus text-format samples by metric name (over every label set). */
final class PrometheusText {

  private PrometheusText() {}

  /** Every sample whose name starts with {@code prefix}, summed per name. */
  static Map<String, Double> sums(String text, String prefix) {
    return sumsWhere(text, prefix, "");
  }

  /** The same, counting only the lines that contain {@code fragment} (e.g. a label). */
  static Map<String, Double> sumsWhere(String text, String prefix, String fragment) {
    Map<String, Double> sums = new TreeMap<>();
    for (String line : text.split("\n")) {
      if (line.isBlank()
          || line.startsWith("#")
          || !line.startsWith(prefix)
          || !line.contains(fragment)) {
        continue;
      }
      int nameEnd = indexOfAny(line, '{', ' ');
      // After the labels: "<value>" or "<value> <timestamp>".
      int labelsEnd = line.charAt(nameEnd) == '{' ? line.lastIndexOf('}') + 1 : nameEnd;
      String[] rest = line.substring(labelsEnd).trim().split(" ");
      double value = Double.parseDouble(rest[0]);
      if (!Double.isNaN(value)) {
        sums.merge(line.substring(0, nameEnd), value, Double::sum);
      }
    }
    return sums;
  }

  private static int indexOfAny(String s, char a, char b) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == a || s.charAt(i) == b) {
        return i;
      }
    }
    throw new IllegalArgumentException("not a sample line: " + s);
  }
}

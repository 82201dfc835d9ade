package io.confluent.csid.kafka.connect.k8s.bench.connect;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** A Markdown table, so the output can be pasted into docs/performance.md as it is. */
final class Table {

  private final List<String[]> rows = new ArrayList<>();

  Table(String... header) {
    rows.add(header);
  }

  Table row(Object... cells) {
    String[] text = new String[cells.length];
    for (int i = 0; i < cells.length; i++) {
      text[i] = format(cells[i]);
    }
    rows.add(text);
    return this;
  }

  private static String format(Object cell) {
    if (cell instanceof Double d) {
      if (d.isNaN()) {
        return "n/a";
      }
      return Math.abs(d) >= 100 ? String.format("%,.0f", d) : String.format("%.2f", d);
    }
    return String.valueOf(cell);
  }

  void print(PrintStream out) {
    int cols = rows.get(0).length;
    out.println("| " + String.join(" | ", rows.get(0)) + " |");
    out.println("|" + "---|".repeat(cols));
    for (String[] row : rows.subList(1, rows.size())) {
      out.println("| " + String.join(" | ", row) + " |");
    }
    out.println();
  }
}

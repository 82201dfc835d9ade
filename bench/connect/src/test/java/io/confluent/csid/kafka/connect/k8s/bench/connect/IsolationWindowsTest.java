package io.confluent.csid.kafka.connect.k8s.bench.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IsolationWindowsTest {

  /** 100 records every 50 ms (2000/s) with one 1.5-s gap, caught up right after it. */
  @Test
  void aStallShowsAsTheLongestGapAndTheMinimumWindow() {
    List<long[]> samples = new ArrayList<>();
    long lines = 0;
    for (long t = 0; t <= 10_000; t += 50) {
      boolean stalled = t > 4_000 && t < 5_500;
      if (!stalled) {
        lines = t / 50 * 100;
      }
      samples.add(new long[] {t, lines});
    }

    Isolation.Result result = Isolation.analyse(samples, 10);

    assertThat(result.steady()).isEqualTo(2000.0);
    assertThat(result.longestStallMs()).isEqualTo(1_500);
    assertThat(result.minWindow()).isEqualTo(0);
    assertThat(result.minRatio()).isEqualTo(0.0);
  }

  @Test
  void recordsHaveTheRequestedSize() {
    assertThat(Rates.record(7, 100)).hasSize(100).startsWith("0000000007 ");
    assertThat(Rates.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
    assertThat(Rates.median(List.of(4.0, 1.0, 2.0, 3.0))).isEqualTo(2.5);
  }
}

package io.confluent.csid.kafka.connect.k8s.bench.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class LatenciesTest {

  @Test
  void nearestRankPercentilesOfOneToTwoHundred() {
    Latencies l = Latencies.of(LongStream.rangeClosed(1, 200).map(i -> 201 - i).boxed().toList());
    assertThat(l).isEqualTo(new Latencies(200, 100, 190, 200));
  }

  @Test
  void oneValueIsEveryPercentile() {
    assertThat(Latencies.of(List.of(42L))).isEqualTo(new Latencies(1, 42, 42, 42));
  }

  @Test
  void noValuesGiveZeros() {
    assertThat(Latencies.of(List.of())).isEqualTo(new Latencies(0, 0, 0, 0));
  }
}

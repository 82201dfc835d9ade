package io.confluent.csid.kafka.connect.k8s.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 3, a sink killed mid-stream: FileStreamSink drains a three-partition topic into a file
 * while records keep arriving; its task process is SIGKILLed (no flush, no offset commit, no
 * leaving the group), the kubelet restarts it in the same pod, the new process rejoins the sink
 * group {@code connect-<name>} and resumes from the committed offsets. In the end every record is
 * in the file; the ones after the last commit come twice (at least once), counted and printed.
 */
@ExtendWith(Bed.Extension.class)
class SinkRestartE2E {

  private static final String NS = "sink-restart-e2e";
  private static final String NAME = "file-sink";
  private static final String TOPIC = "sink-restart";
  private static final Duration TIMEOUT = Duration.ofMinutes(4);

  /** A record's value; found by pattern, since a SIGKILL may cut the file's last line. */
  private static final Pattern RECORD = Pattern.compile("rec-\\d{6}");

  private static Bed bed;

  @Test
  void everyRecordReachesTheFileAfterTheTaskIsKilledMidStream(Bed bed) throws Exception {
    SinkRestartE2E.bed = bed;
    bed.operator();
    String bootstrap = bed.broker().bootstrapServers();
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1))).all().get();
    }
    Path file = bed.workDir().resolve("sink-restart.txt");
    ConnectorFixtures.createNamespace(bed, NS);
    ConnectorFixtures.applyWorkerConfig(bed, NS);
    ConnectorFixtures.apply(
        bed,
        NS,
        "restart/file-sink-connector.yaml",
        Map.of("NAME", NAME, "TOPIC", TOPIC, "FILE", file.toString()));

    SteadyProducer producer = new SteadyProducer(bootstrap);
    Thread producing = new Thread(producer, "sink-restart-producer");
    producing.start();
    try {
      // Mid-stream: the task has been writing for a while and committed offsets.
      await()
          .atMost(TIMEOUT)
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> delivered(file).size() >= 300);
      int sentBeforeKill = producer.sent();
      long killedAt = System.nanoTime();
      int restarts = PodKill.sigkill(bed, NS, NAME + "-tasks-0");
      PodKill.awaitRestartedAndReady(bed, NS, NAME + "-tasks-0", restarts, TIMEOUT);
      int sentAtRestart = producer.sent();
      // The new process rejoined the group and delivers what was produced while it was down.
      await()
          .atMost(TIMEOUT)
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () ->
                  producer.sent() > sentAtRestart + 200
                      && delivered(file).containsAll(values(0, sentAtRestart)));
      System.out.printf(
          "sink: delivering again %d s after the SIGKILL%n",
          Duration.ofNanos(System.nanoTime() - killedAt).toSeconds());
      producer.stop();
      producing.join();
      assertThat(sentAtRestart)
          .as("records produced while the task was down")
          .isGreaterThan(sentBeforeKill);
    } finally {
      producer.stop();
    }

    int sent = producer.sent();
    await()
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () -> {
              Set<String> missing = new TreeSet<>(values(0, sent));
              missing.removeAll(delivered(file));
              assertThat(missing).as("records missing from " + file).isEmpty();
            });
    int written = count(file);
    System.out.printf(
        "sink: %d records produced, %d written to the file, %d duplicates (at least once across"
            + " the SIGKILL)%n",
        sent, written, written - sent);
  }

  private static Set<String> values(int from, int to) {
    Set<String> values = new TreeSet<>();
    for (int i = from; i < to; i++) {
      values.add(SteadyProducer.value(i));
    }
    return values;
  }

  private static Set<String> delivered(Path file) {
    Set<String> found = new TreeSet<>();
    Matcher m = RECORD.matcher(read(file));
    while (m.find()) {
      found.add(m.group());
    }
    return found;
  }

  private static int count(Path file) {
    return (int) RECORD.matcher(read(file)).results().count();
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops the pods: the machine is shared by the next scenarios. */
  @AfterAll
  static void deleteNamespace() {
    if (bed != null) {
      bed.kubectl().run("delete", "namespace", NS, "--wait=false");
      bed = null;
    }
  }

  /**
   * Sends {@code rec-000000}, {@code rec-000001}, ... about 100 a second, keyed round the
   * partitions.
   */
  private static final class SteadyProducer implements Runnable {
    private final String bootstrap;
    private final AtomicInteger acknowledged = new AtomicInteger();
    private final AtomicBoolean stop = new AtomicBoolean();
    private volatile Exception failure;

    SteadyProducer(String bootstrap) {
      this.bootstrap = bootstrap;
    }

    static String value(int i) {
      return String.format("rec-%06d", i);
    }

    @Override
    public void run() {
      Properties p = new Properties();
      p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      p.put(ProducerConfig.ACKS_CONFIG, "all");
      try (KafkaProducer<String, String> producer =
          new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
        for (int i = 0; !stop.get(); i++) {
          // Synchronous: sent() counts only records the broker has.
          producer.send(new ProducerRecord<>(TOPIC, String.valueOf(i), value(i))).get();
          acknowledged.set(i + 1);
          if (i % 10 == 9) {
            Thread.sleep(100);
          }
        }
      } catch (Exception e) {
        failure = e;
      }
    }

    /** Records the broker acknowledged, {@code rec-000000} to {@code rec-<sent - 1>}. */
    int sent() {
      if (failure != null) {
        throw new IllegalStateException("the producer failed: " + failure.getMessage(), failure);
      }
      return acknowledged.get();
    }

    void stop() {
      stop.set(true);
    }
  }
}

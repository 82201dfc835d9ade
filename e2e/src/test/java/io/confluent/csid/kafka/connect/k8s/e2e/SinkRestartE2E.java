package io.confluent.csid.kafka.connect.k8s.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.regex.MatchResult;
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
 * Scenario 3, a sink killed mid-stream: a sink drains a three-partition topic while records keep
 * arriving; its task process is SIGKILLed (no flush, no offset commit, no leaving the group), the
 * kubelet restarts it in the same pod, the new process rejoins the sink group {@code
 * connect-<name>} once the broker dropped the dead member, and resumes from the committed offsets.
 * In the end every record is delivered; the ones after the last commit are delivered twice (at
 * least once), which the file shows and the JDBC sink's upsert absorbs.
 */
@ExtendWith(Bed.Extension.class)
class SinkRestartE2E {

  private static final String NS = "sink-restart-e2e";
  private static final Duration TIMEOUT = Duration.ofMinutes(4);

  /** A record's value; found by pattern, since a SIGKILL may cut the file's last line. */
  private static final Pattern RECORD = Pattern.compile("rec-\\d{6}");

  private static final String KEY_SCHEMA =
      "{\"type\":\"struct\",\"optional\":false,\"fields\":"
          + "[{\"field\":\"id\",\"type\":\"int32\",\"optional\":false}]}";
  private static final String VALUE_SCHEMA =
      "{\"type\":\"struct\",\"optional\":false,\"fields\":"
          + "[{\"field\":\"id\",\"type\":\"int32\",\"optional\":false},"
          + "{\"field\":\"note\",\"type\":\"string\",\"optional\":false}]}";

  private static Bed bed;

  @Test
  void fileSinkWritesEveryRecordAfterItsTaskIsKilledMidStream(Bed bed) throws Exception {
    String topic = "file-sink-restart";
    createNamespaceAndTopic(bed, topic);
    Path file = bed.workDir().resolve("file-sink-restart.txt");
    ConnectorFixtures.applyWorkerConfig(bed, NS);
    ConnectorFixtures.apply(
        bed,
        NS,
        "restart/file-sink-connector.yaml",
        Map.of("NAME", "file-sink", "TOPIC", topic, "FILE", file.toString()));

    SteadyProducer producer =
        new SteadyProducer(
            bed.broker().bootstrapServers(), topic, String::valueOf, SinkRestartE2E::value);
    int written =
        killMidStreamThenAwaitEveryRecord(bed, "file-sink-tasks-0", producer, () -> inFile(file));
    System.out.printf(
        "file sink: %d records produced, %d written to the file, %d duplicates (at least once"
            + " across the SIGKILL)%n",
        producer.sent(), written, written - producer.sent());
  }

  /**
   * Debezium's JDBC sink upserting by the record key into a table it creates: the records since the
   * last commit are written again after the SIGKILL and the upsert absorbs them, so the table ends
   * with exactly one row per record.
   */
  @Test
  void jdbcSinkUpsertsEveryRecordIntoPostgresqlAfterItsTaskIsKilledMidStream(Bed bed)
      throws Exception {
    String topic = "jdbc_sink_restart";
    createNamespaceAndTopic(bed, topic);
    PostgresProcess pg = bed.postgres();
    ConnectorFixtures.apply(
        bed,
        NS,
        "restart/jdbc-sink-connector.yaml",
        Map.of(
            "NAME", "jdbc-sink",
            "TOPIC", topic,
            "BOOTSTRAP", bed.broker().bootstrapServers(),
            "PASSWORD", pg.password(),
            "PG_PORT", String.valueOf(pg.port())));

    SteadyProducer producer =
        new SteadyProducer(
            bed.broker().bootstrapServers(),
            topic,
            i -> "{\"schema\":" + KEY_SCHEMA + ",\"payload\":{\"id\":" + i + "}}",
            i ->
                "{\"schema\":"
                    + VALUE_SCHEMA
                    + ",\"payload\":{\"id\":"
                    + i
                    + ",\"note\":\""
                    + value(i)
                    + "\"}}");
    killMidStreamThenAwaitEveryRecord(bed, "jdbc-sink-tasks-0", producer, () -> inTable(pg, topic));
    List<String> counts =
        pg.query("postgres", "SELECT count(*), count(DISTINCT id) FROM " + topic).get(0);
    System.out.printf(
        "JDBC sink: %d records produced, table %s has %s rows (%s distinct ids)%n",
        producer.sent(), topic, counts.get(0), counts.get(1));
    assertThat(counts.get(0)).isEqualTo(String.valueOf(producer.sent()));
    for (String pod : List.of("jdbc-sink-connector-0", "jdbc-sink-tasks-0")) {
      assertThat(bed.kubelet().log(NS, pod, "runner"))
          .as(pod + " log")
          .doesNotContain(pg.password());
    }
  }

  /**
   * Produces steadily; once the sink delivered a few hundred records, SIGKILLs its task pod's
   * process, waits for the kubelet's restart, keeps producing until the new process delivered all
   * that was produced while it was down, then stops and waits until every record produced is
   * delivered. Returns how many deliveries the sink made, duplicates included.
   */
  private static int killMidStreamThenAwaitEveryRecord(
      Bed bed, String taskPod, SteadyProducer producer, Supplier<List<String>> delivered)
      throws InterruptedException {
    Thread producing = new Thread(producer, "sink-restart-producer");
    producing.start();
    try {
      // Mid-stream: the task has been writing for a while and committed offsets.
      await()
          .atMost(TIMEOUT)
          .pollInterval(Duration.ofSeconds(1))
          .ignoreExceptions()
          .until(() -> new HashSet<>(delivered.get()).size() >= 300);
      int sentBeforeKill = producer.sent();
      long killedAt = System.nanoTime();
      int restarts = PodKill.sigkill(bed, NS, taskPod);
      PodKill.awaitRestartedAndReady(bed, NS, taskPod, restarts, TIMEOUT);
      int sentAtRestart = producer.sent();
      // The new process rejoined the group and delivers what was produced while it was down.
      await()
          .atMost(TIMEOUT)
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () ->
                  producer.sent() > sentAtRestart + 200
                      && new HashSet<>(delivered.get()).containsAll(values(0, sentAtRestart)));
      System.out.printf(
          "%s: delivering again %d s after the SIGKILL%n",
          taskPod, Duration.ofNanos(System.nanoTime() - killedAt).toSeconds());
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
              missing.removeAll(new HashSet<>(delivered.get()));
              assertThat(missing).as("records missing from " + taskPod + "'s sink").isEmpty();
            });
    return delivered.get().size();
  }

  private static synchronized void createNamespaceAndTopic(Bed bed, String topic) throws Exception {
    if (SinkRestartE2E.bed == null) {
      SinkRestartE2E.bed = bed;
      bed.operator();
      ConnectorFixtures.createNamespace(bed, NS);
    }
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bed.broker().bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
    }
  }

  private static String value(int i) {
    return String.format("rec-%06d", i);
  }

  private static Set<String> values(int from, int to) {
    Set<String> values = new TreeSet<>();
    for (int i = from; i < to; i++) {
      values.add(value(i));
    }
    return values;
  }

  /** Every record value in the file, duplicates included. */
  private static List<String> inFile(Path file) {
    try {
      String text = Files.exists(file) ? Files.readString(file) : "";
      return RECORD.matcher(text).results().map(MatchResult::group).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every row's note, one per row. */
  private static List<String> inTable(PostgresProcess pg, String table) {
    return pg.query("postgres", "SELECT note FROM " + table).stream().map(r -> r.get(0)).toList();
  }

  /** Stops the pods: the machine is shared by the next scenarios. */
  @AfterAll
  static void deleteNamespace() {
    if (bed != null) {
      bed.kubectl().run("delete", "namespace", NS, "--wait=false");
      bed = null;
    }
  }

  /** Sends records 0, 1, 2, ... about 100 a second, keyed round the partitions. */
  private static final class SteadyProducer implements Runnable {
    private final String bootstrap;
    private final String topic;
    private final IntFunction<String> key;
    private final IntFunction<String> value;
    private final AtomicInteger acknowledged = new AtomicInteger();
    private final AtomicBoolean stop = new AtomicBoolean();
    private volatile Exception failure;

    SteadyProducer(
        String bootstrap, String topic, IntFunction<String> key, IntFunction<String> value) {
      this.bootstrap = bootstrap;
      this.topic = topic;
      this.key = key;
      this.value = value;
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
          producer.send(new ProducerRecord<>(topic, key.apply(i), value.apply(i))).get();
          acknowledged.set(i + 1);
          if (i % 10 == 9) {
            Thread.sleep(100);
          }
        }
      } catch (Exception e) {
        failure = e;
      }
    }

    /** Records the broker acknowledged: numbers 0 to {@code sent() - 1}. */
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

package io.confluent.csid.kafka.connect.k8s.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 2, change data capture: Debezium's PostgreSQL connector (baked into the runner image)
 * streams a table's inserts and updates into Kafka; its task process is SIGKILLed while rows are
 * being written, the kubelet restarts it in the same pod, and in the end every change (each primary
 * key at each version) is in the topic. Delivery is at least once: changes after the last committed
 * offset come again, so duplicates are counted and printed, never treated as loss. The database
 * password reaches the pods only through a Secret volume and a config provider.
 */
@ExtendWith(Bed.Extension.class)
class CdcPostgresE2E {

  private static final String NS = "cdc-postgres-e2e";
  private static final String NAME = "cdc";
  private static final String TABLE = "cdc_orders";
  private static final String TOPIC = NAME + ".public." + TABLE;
  private static final Duration TIMEOUT = Duration.ofMinutes(4);
  private static final int SNAPSHOT_ROWS = 20;
  private static Bed bed;

  @Test
  void everyInsertAndUpdateArrivesAfterTheTaskIsKilledMidStream(Bed bed) throws Exception {
    CdcPostgresE2E.bed = bed;
    bed.operator();
    PostgresProcess pg = bed.postgres();
    pg.execute(
        "postgres",
        "CREATE TABLE " + TABLE + " (id int PRIMARY KEY, version int NOT NULL, note text)",
        "INSERT INTO "
            + TABLE
            + " SELECT i, 1, 'before the connector' FROM generate_series(1, "
            + SNAPSHOT_ROWS
            + ") i");
    ChangeWriter writer = new ChangeWriter(pg, SNAPSHOT_ROWS);
    ConnectorFixtures.createNamespace(bed, NS);
    ConnectorFixtures.apply(
        bed,
        NS,
        "restart/cdc-postgres.yaml",
        Map.of(
            "NAME",
            NAME,
            "BOOTSTRAP",
            bed.broker().bootstrapServers(),
            "PASSWORD",
            pg.password(),
            "PG_PORT",
            String.valueOf(pg.port()),
            "SLOT",
            "cdc_e2e",
            "TABLE",
            "public." + TABLE));

    try (ChangeCollector changes = new ChangeCollector(bed.broker().bootstrapServers(), TOPIC)) {
      // The snapshot: the connector and its task run and read the existing rows.
      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () -> assertThat(changes.distinct()).hasSizeGreaterThanOrEqualTo(SNAPSHOT_ROWS));

      Thread writing = new Thread(writer, "cdc-writer");
      writing.start();
      try {
        // Mid-stream: the task has been streaming for several offset commits (one a second),
        // so it resumes from a streamed position, not from the end of the snapshot.
        await()
            .atMost(TIMEOUT)
            .untilAsserted(
                () -> assertThat(changes.distinct().size()).isGreaterThan(SNAPSHOT_ROWS + 150));
        int writtenBeforeKill = writer.operations();
        int restarts = PodKill.sigkill(bed, NS, NAME + "-tasks-0");
        PodKill.awaitRestartedAndReady(bed, NS, NAME + "-tasks-0", restarts, TIMEOUT);
        int writtenAtRestart = writer.operations();
        // Keep writing after the restart until the new process demonstrably streams.
        await()
            .atMost(TIMEOUT)
            .until(
                () ->
                    writer.operations() > writtenAtRestart + 40
                        && changes.distinct().containsAll(writer.expectedUpTo(writtenAtRestart)));
        writer.stop();
        writing.join();
        assertThat(writtenAtRestart)
            .as("changes written while the task was down")
            .isGreaterThan(writtenBeforeKill);
      } finally {
        writer.stop();
      }

      Set<String> expected = writer.expected();
      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () -> {
                Set<String> missing = new TreeSet<>(expected);
                missing.removeAll(changes.distinct());
                assertThat(missing).as("changes missing from " + TOPIC).isEmpty();
              });
      System.out.printf(
          "CDC: %d changes written (%d snapshot rows), %d events in %s, %d duplicates"
              + " (at least once across the SIGKILL)%n",
          expected.size(),
          SNAPSHOT_ROWS,
          changes.events(),
          TOPIC,
          changes.events() - changes.distinct().size());
      // The restarted task resumed streaming from its committed offset: had it lost the offset,
      // Debezium would have snapshotted the table again (events with op "r").
      assertThat(changes.snapshotReads()).as("snapshot reads").isEqualTo(SNAPSHOT_ROWS);
    }

    assertStatusShowsTheRestart(bed);
    assertPasswordStaysInItsSecret(bed, pg.password());
  }

  private static void assertStatusShowsTheRestart(Bed bed) {
    await()
        .atMost(TIMEOUT)
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              Map<String, Object> status = status(bed);
              assertThat(child(status, "connector")).containsEntry("state", "RUNNING");
              Map<String, Object> task = tasks(status).get(0);
              assertThat(task).containsEntry("state", "RUNNING").containsEntry("restartCount", 1);
            });
  }

  /**
   * The password is in the user's Secret and in the pods' volume, nowhere else: not in the resource
   * or its status, not in the connector config Secret or the published task configs (they keep the
   * {@code ${dir:...}} reference), not in the runner's logs or the Events.
   */
  private static void assertPasswordStaysInItsSecret(Bed bed, String password) {
    String resource =
        Serialization.asYaml(
            bed.client()
                .genericKubernetesResources("io.confluent.csid/v1", "KafkaConnector")
                .inNamespace(NS)
                .withName(NAME)
                .get());
    assertThat(resource).doesNotContain(password).contains("${dir:/etc/postgres-credentials");
    for (String secret : List.of(NAME + "-config", NAME + "-tasks")) {
      String decoded = decoded(bed.client().secrets().inNamespace(NS).withName(secret).get());
      assertThat(decoded)
          .as(secret)
          .doesNotContain(password)
          .contains("${dir:/etc/postgres-credentials:password}");
    }
    for (String pod : List.of(NAME + "-connector-0", NAME + "-tasks-0")) {
      assertThat(bed.kubelet().log(NS, pod, "runner")).as(pod + " log").doesNotContain(password);
    }
    assertThat(Serialization.asYaml(bed.client().v1().events().inNamespace(NS).list()))
        .doesNotContain(password);
    assertThat(Serialization.asYaml(bed.client().configMaps().inNamespace(NS).list()))
        .doesNotContain(password);
  }

  private static String decoded(Secret secret) {
    StringBuilder out = new StringBuilder();
    secret
        .getData()
        .forEach(
            (k, v) ->
                out.append(k)
                    .append('=')
                    .append(new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8))
                    .append('\n'));
    return out.toString();
  }

  private static Map<String, Object> status(Bed bed) {
    return child(
        bed.client()
            .genericKubernetesResources("io.confluent.csid/v1", "KafkaConnector")
            .inNamespace(NS)
            .withName(NAME)
            .get()
            .getAdditionalProperties(),
        "status");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> child(Map<String, Object> parent, String key) {
    return (Map<String, Object>) parent.get(key);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> tasks(Map<String, Object> status) {
    return (List<Map<String, Object>>) status.get("tasks");
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
   * Writes the table from its own thread: each step inserts the next row at version 1, every other
   * step also bumps the version of a random earlier row. Remembers every {@code id:version} it
   * committed, in order.
   */
  private static final class ChangeWriter implements Runnable {
    private final PostgresProcess pg;
    private final List<String> committed = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Random random = new Random(42);
    private final AtomicInteger nextId;
    private volatile Exception failure;

    ChangeWriter(PostgresProcess pg, int existingRows) {
      this.pg = pg;
      this.nextId = new AtomicInteger(existingRows + 1);
      for (int id = 1; id <= existingRows; id++) {
        committed.add(id + ":1");
      }
    }

    @Override
    public void run() {
      try (Connection c = pg.connect("postgres");
          PreparedStatement insert =
              c.prepareStatement(
                  "INSERT INTO " + TABLE + " (id, version, note) VALUES (?, 1, 'streamed')");
          PreparedStatement update =
              c.prepareStatement(
                  "UPDATE "
                      + TABLE
                      + " SET version = version + 1 WHERE id = ? RETURNING version")) {
        for (int step = 0; !stop.get(); step++) {
          int id = nextId.getAndIncrement();
          insert.setInt(1, id);
          insert.executeUpdate();
          committed.add(id + ":1");
          if (step % 2 == 1) {
            int target = 1 + random.nextInt(id);
            update.setInt(1, target);
            try (ResultSet rs = update.executeQuery()) {
              rs.next();
              committed.add(target + ":" + rs.getInt(1));
            }
          }
          Thread.sleep(50);
        }
      } catch (SQLException | InterruptedException e) {
        failure = e;
      }
    }

    /** How many changes were committed so far; fails when the writer died. */
    int operations() {
      if (failure != null) {
        throw new IllegalStateException("the writer failed: " + failure.getMessage(), failure);
      }
      return committed.size();
    }

    Set<String> expectedUpTo(int operations) {
      return Set.copyOf(committed.subList(0, Math.min(operations, committed.size())));
    }

    Set<String> expected() {
      return Set.copyOf(committed);
    }

    void stop() {
      stop.set(true);
    }
  }

  /** Reads the change topic from its own thread: the {@code id:version} of every event's row. */
  private static final class ChangeCollector implements AutoCloseable {
    private final Map<String, Integer> counts = new ConcurrentHashMap<>();
    private final AtomicInteger events = new AtomicInteger();
    private final AtomicInteger snapshotReads = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread thread;

    ChangeCollector(String bootstrap, String topic) {
      thread =
          new Thread(
              () -> {
                try (KafkaConsumer<String, String> consumer =
                    ConnectorFixtures.consumer(bootstrap, "cdc-postgres-e2e")) {
                  consumer.subscribe(List.of(topic));
                  while (!closed.get()) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                      add(r.value());
                    }
                  }
                }
              },
              "cdc-collector");
      thread.setDaemon(true);
      thread.start();
    }

    private void add(String value) {
      if (value == null) {
        return; // a delete's tombstone (the scenario deletes nothing)
      }
      try {
        JsonNode event = Serialization.jsonMapper().readTree(value);
        JsonNode after = event.get("after");
        if ("r".equals(event.get("op").asText())) {
          snapshotReads.incrementAndGet();
        }
        counts.merge(after.get("id").asInt() + ":" + after.get("version").asInt(), 1, Integer::sum);
        events.incrementAndGet();
      } catch (java.io.IOException e) {
        throw new IllegalStateException("not a Debezium change event: " + value, e);
      }
    }

    Set<String> distinct() {
      return Set.copyOf(counts.keySet());
    }

    int events() {
      return events.get();
    }

    int snapshotReads() {
      return snapshotReads.get();
    }

    @Override
    public void close() throws InterruptedException {
      closed.set(true);
      thread.join(10_000);
    }
  }
}

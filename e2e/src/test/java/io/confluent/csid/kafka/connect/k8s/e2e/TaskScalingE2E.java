package io.confluent.csid.kafka.connect.k8s.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 4: {@code tasks.max} 3 → 5 → 2 with {@code kubectl patch} while records flow.
 * MirrorSourceConnector (isolated plugin directory) copies a 6-partition topic, so it makes
 * min(tasks.max, 6) tasks; the connector pod publishes them into Secret {@code <name>-tasks} and
 * the operator sizes StatefulSet {@code <name>-tasks} from it. A producer writes sequence numbers
 * the whole time: every acknowledged one must reach the copy (duplicates allowed, nothing lost),
 * and every pod that goes away must have stopped cleanly (exit 0 after SIGTERM, offsets committed).
 */
@ExtendWith(Bed.Extension.class)
class TaskScalingE2E {

  private static final String NS = "task-scaling";
  private static final String NAME = "scaling";
  private static final String SOURCE = "scaling-source";
  private static final String COPY = "src." + SOURCE; // DefaultReplicationPolicy: <alias>.<topic>
  private static final int PARTITIONS = 6;
  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  @Test
  void tasksFollowTasksMaxWhileEveryRecordArrives(Bed bed) throws Exception {
    KubernetesClient client = bed.client();
    String bootstrap = bed.broker().bootstrapServers();
    bed.operator();
    ConnectorFixtures.createNamespace(bed, NS);
    ConnectorFixtures.applyWorkerConfig(bed, NS);
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      // MirrorSourceConnector replicates every heartbeats topic whatever `topics` says, and with
      // source and target on one broker src.heartbeats is one again: src.src.heartbeats, ...
      // until the name is too long and the task fails. PluginDownloadE2E's MirrorHeartbeat
      // connector leaves a `heartbeats` topic on the shared broker; this scenario needs none.
      List<String> heartbeats =
          admin.listTopics().names().get().stream().filter(t -> t.endsWith("heartbeats")).toList();
      if (!heartbeats.isEmpty()) {
        admin.deleteTopics(heartbeats).all().get();
      }
      admin.createTopics(List.of(new NewTopic(SOURCE, PARTITIONS, (short) 1))).all().get();
    }

    long t0 = System.nanoTime();
    List<Integer> replicas = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (PodTerminations exits = PodTerminations.watch(client, NS);
        Watch sizes = watchReplicas(client, replicas);
        SequenceProducer producer = SequenceProducer.start(bootstrap, SOURCE, PARTITIONS)) {
      ConnectorFixtures.apply(
          bed,
          NS,
          "mirror-source-connector.yaml",
          Map.of(
              "NAME", NAME, "TASKS", "3", "ALIAS", "src", "BOOTSTRAP", bootstrap, "TOPIC", SOURCE));
      awaitTasks(bed, 3);
      log("3 tasks", t0);

      patchTasksMax(bed, 5);
      awaitTasks(bed, 5);
      log("5 tasks", t0);

      patchTasksMax(bed, 2);
      awaitTasks(bed, 2);
      log("2 tasks", t0);
      for (int ordinal = 2; ordinal < 5; ordinal++) {
        String pod = NAME + "-tasks-" + ordinal;
        assertThat(client.pods().inNamespace(NS).withName(pod).get()).as(pod).isNull();
        assertThat(exits.exitsOf(pod)).as(pod + " exits").isNotEmpty();
        assertThat(lastIncarnation(bed.kubelet().log(NS, pod, "runner")))
            .as(pod + " stopped on SIGTERM and committed its offsets")
            .contains("Stopping (SIGTERM), committing offsets")
            .contains("Stopped");
      }
      // Every pod that went away during the three sizes (tasks and rolled connector pods) ended
      // with the runner's clean stop, never a kill or a failure.
      System.out.println("container exits: " + exits.exits());
      assertThat(exits.exits()).isNotEmpty().allSatisfy(e -> assertThat(e.exitCode()).isZero());

      // A tasks.max change is a new connector config: the connector pod rolls and the task pods
      // stop until it has published configs for it (no task runs an old config next to the new
      // connector), so the StatefulSet passes through 0 on every change.
      System.out.println("tasks StatefulSet replicas over time: " + replicas);
      assertThat(replicas).containsSubsequence(3, 5, 2).endsWith(2);

      producer.stop();
      BitSet acked = producer.acked();
      System.out.println("produced and acknowledged: " + acked.cardinality());
      assertThat(acked.cardinality()).isGreaterThan(100);
      Copied copied = readCopy(bootstrap, acked);
      BitSet missing = (BitSet) acked.clone();
      missing.andNot(copied.seen());
      assertThat(missing.cardinality()).as("sequence numbers lost: " + missing).isZero();
      System.out.printf(
          "copied %d records for %d sequence numbers: %d duplicates%n",
          copied.records(), acked.cardinality(), copied.records() - copied.seen().cardinality());
      log("all records copied", t0);
    }
  }

  /** Each distinct spec.replicas the tasks StatefulSet goes through, in order. */
  private static Watch watchReplicas(KubernetesClient client, List<Integer> replicas) {
    return client
        .apps()
        .statefulSets()
        .inNamespace(NS)
        .withName(NAME + "-tasks")
        .watch(
            new Watcher<>() {
              @Override
              public void eventReceived(Action action, StatefulSet sts) {
                Integer n = sts.getSpec().getReplicas();
                if (replicas.isEmpty() || !replicas.get(replicas.size() - 1).equals(n)) {
                  replicas.add(n);
                }
              }

              @Override
              public void onClose(WatcherException cause) {}
            });
  }

  private static void patchTasksMax(Bed bed, int tasksMax) {
    bed.kubectl()
        .run(
            "-n",
            NS,
            "patch",
            "kafkaconnector",
            NAME,
            "--type=merge",
            "-p",
            "{\"spec\":{\"connectorConfig\":{\"tasks.max\":\"" + tasksMax + "\"}}}")
        .orFail();
  }

  /**
   * The tasks StatefulSet at n replicas, n Ready pods {@code -0..-(n-1)} of its current template
   * and nothing else, and the status telling the same.
   */
  private static void awaitTasks(Bed bed, int n) {
    KubernetesClient client = bed.client();
    await()
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofSeconds(2))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              StatefulSet sts =
                  client.apps().statefulSets().inNamespace(NS).withName(NAME + "-tasks").get();
              assertThat(sts.getSpec().getReplicas()).isEqualTo(n);
              assertThat(sts.getStatus().getReadyReplicas()).isEqualTo(n);
              String hash = configHash(sts.getSpec().getTemplate().getMetadata().getAnnotations());
              List<Pod> pods =
                  client
                      .pods()
                      .inNamespace(NS)
                      .withLabel("app.kubernetes.io/component", "task")
                      .list()
                      .getItems();
              assertThat(pods.stream().map(p -> p.getMetadata().getName()).sorted())
                  .containsExactlyElementsOf(
                      IntStream.range(0, n).mapToObj(i -> NAME + "-tasks-" + i).toList());
              assertThat(pods)
                  .allSatisfy(
                      p -> {
                        assertThat(ConnectorFixtures.ready(p)).isTrue();
                        assertThat(configHash(p.getMetadata().getAnnotations())).isEqualTo(hash);
                      });
              var connector = ConnectorObjects.connector(client, NS, NAME);
              assertThat(ConnectorObjects.status(connector, "taskCount")).isEqualTo(n);
              assertThat(ConnectorObjects.status(connector, "tasksReady")).isEqualTo(n + "/" + n);
              assertThat(ConnectorObjects.status(connector, "connector", "state"))
                  .isEqualTo("RUNNING");
            });
    System.out.println(bed.kubectl().run("-n", NS, "get", "kafkaconnectors,pods").output());
  }

  private static String configHash(Map<String, String> annotations) {
    return annotations == null ? null : annotations.get("connect-k8s.io/config-hash");
  }

  /** A container log from its last start marker on (the kubelet appends every incarnation). */
  static String lastIncarnation(String log) {
    int at = log.lastIndexOf("=== process kubelet: start");
    return at < 0 ? log : log.substring(at);
  }

  private static void log(String what, long t0) {
    System.out.printf("%s after %d s%n", what, (System.nanoTime() - t0) / 1_000_000_000);
  }

  record Copied(BitSet seen, long records) {}

  /** Reads the copy until every acknowledged sequence number is there (or the time is up). */
  private static Copied readCopy(String bootstrap, BitSet acked) {
    BitSet seen = new BitSet();
    AtomicLong records = new AtomicLong();
    try (KafkaConsumer<String, String> consumer =
        ConnectorFixtures.consumer(bootstrap, "task-scaling-e2e")) {
      consumer.subscribe(List.of(COPY));
      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                  seen.set(Integer.parseInt(r.value().substring("seq-".length())));
                  records.incrementAndGet();
                }
                BitSet missing = (BitSet) acked.clone();
                missing.andNot(seen);
                assertThat(missing.cardinality()).as("still missing").isZero();
              });
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      // fall through: the caller names what is missing
    }
    return new Copied(seen, records.get());
  }

  /**
   * Writes {@code seq-N} round-robin over the partitions until stopped; remembers what was acked.
   */
  static final class SequenceProducer implements AutoCloseable {
    private final KafkaProducer<String, String> producer;
    private final Thread thread;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final BitSet acked = new BitSet();
    private final List<Exception> errors = new ArrayList<>();

    private SequenceProducer(String bootstrap, String topic, int partitions) {
      Properties p = new Properties();
      p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      p.put(ProducerConfig.ACKS_CONFIG, "all");
      producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
      thread =
          new Thread(
              () -> {
                for (int seq = 0; running.get(); seq++) {
                  int n = seq;
                  producer.send(
                      new ProducerRecord<>(topic, seq % partitions, null, "seq-" + seq),
                      (metadata, e) -> {
                        synchronized (acked) {
                          if (e == null) {
                            acked.set(n);
                          } else {
                            errors.add(e);
                          }
                        }
                      });
                  ControlPlane.sleep(Duration.ofMillis(20));
                }
              },
              "sequence-producer");
      thread.start();
    }

    static SequenceProducer start(String bootstrap, String topic, int partitions) {
      return new SequenceProducer(bootstrap, topic, partitions);
    }

    void stop() throws InterruptedException {
      running.set(false);
      thread.join();
      producer.flush();
    }

    BitSet acked() {
      synchronized (acked) {
        if (!errors.isEmpty()) {
          System.out.println("producer errors (not counted as produced): " + errors.size());
        }
        return (BitSet) acked.clone();
      }
    }

    @Override
    public void close() throws InterruptedException {
      stop();
      producer.close();
    }
  }
}

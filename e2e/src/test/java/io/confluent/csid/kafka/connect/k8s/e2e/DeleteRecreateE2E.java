package io.confluent.csid.kafka.connect.k8s.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 9: {@code kubectl delete kafkaconnector} lets the real garbage collector remove every
 * object the resource owned (and nothing of the user's), while its source offsets stay in Kafka's
 * offsets topic; the same resource created again continues from them. FileStreamSource tails a file
 * on the host (the bed's pods see the host filesystem): of the lines appended while the resource
 * was gone exactly those arrive, none of the first ones again.
 */
@ExtendWith(Bed.Extension.class)
class DeleteRecreateE2E {

  private static final String NS = "delete-recreate";
  private static final String NAME = "recreate";
  private static final String TOPIC = "recreate-lines";
  private static final String OFFSETS_TOPIC = "connect-offsets"; // the runner's default
  private static final int FIRST = 60;
  private static final int MORE = 25;
  private static final Duration TIMEOUT = Duration.ofMinutes(4);

  @Test
  void deleteCollectsEverythingOwnedAndRecreateContinuesFromTheOffsets(Bed bed) throws Exception {
    KubernetesClient client = bed.client();
    String bootstrap = bed.broker().bootstrapServers();
    bed.operator();
    ConnectorFixtures.createNamespace(bed, NS);
    ConnectorFixtures.applyWorkerConfig(bed, NS);
    Path file = Files.createDirectories(bed.workDir().resolve(NS)).resolve("lines.txt");
    Files.write(file, lines(0, FIRST));

    long t0 = System.nanoTime();
    ConnectorFixtures.applyFileSource(bed, NS, NAME, "FileStreamSource", file, TOPIC);
    List<String> received = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
            ConnectorFixtures.consumer(bootstrap, "delete-recreate-e2e");
        PodTerminations exits = PodTerminations.watch(client, NS)) {
      consumer.subscribe(List.of(TOPIC));
      awaitLines(consumer, received, FIRST);
      assertThat(received).containsExactlyElementsOf(lines(0, FIRST));
      String firstUid = ConnectorObjects.connector(client, NS, NAME).getMetadata().getUid();
      assertOwnedBy(client, NAME, firstUid);
      // The offsets of everything delivered are committed (offset.flush.interval.ms=1000).
      long size = Files.size(file);
      await()
          .atMost(TIMEOUT)
          .untilAsserted(() -> assertThat(lastOffset(bootstrap, file)).isEqualTo(size));
      System.out.printf("%d lines delivered after %d s%n", FIRST, seconds(t0));

      long t1 = System.nanoTime();
      bed.kubectl().run("-n", NS, "delete", "kafkaconnector", NAME).orFail();
      await()
          .atMost(TIMEOUT)
          .pollInterval(Duration.ofSeconds(1))
          .untilAsserted(
              () -> {
                assertThat(ConnectorObjects.managedNames(client, NS)).isEmpty();
                assertThat(client.pods().inNamespace(NS).list().getItems()).isEmpty();
              });
      System.out.printf("everything owned collected %d s after the delete%n", seconds(t1));
      // What the GC must leave: the user's worker Secret (and the namespace's own objects).
      assertThat(client.secrets().inNamespace(NS).withName("worker-config").get()).isNotNull();
      assertThat(ConnectorObjects.all(client, NS))
          .allSatisfy(o -> assertThat(ConnectorObjects.connectorOwners(o)).as(id(o)).isEmpty());
      // The pods were stopped, not killed: SIGTERM, the runner's clean stop, exit 0.
      for (String pod : List.of(NAME + "-connector-0", NAME + "-tasks-0")) {
        assertThat(exits.exitsOf(pod)).as(pod).isNotEmpty().allMatch(e -> e.exitCode() == 0);
        assertThat(TaskScalingE2E.lastIncarnation(bed.kubelet().log(NS, pod, "runner")))
            .as(pod)
            .contains("Stopping (SIGTERM), committing offsets")
            .contains("Stopped");
      }
      // The offsets outlive the resource: they belong to the connector name, in Kafka.
      assertThat(lastOffset(bootstrap, file)).isEqualTo(size);

      Files.write(file, lines(FIRST, MORE), StandardOpenOption.APPEND);
      long t2 = System.nanoTime();
      ConnectorFixtures.applyFileSource(bed, NS, NAME, "FileStreamSource", file, TOPIC);
      awaitLines(consumer, received, FIRST + MORE);
      System.out.printf("%d appended lines delivered %d s after re-creation%n", MORE, seconds(t2));
      // Nothing more comes: a restart from offset 0 would have sent all FIRST + MORE again.
      Thread.sleep(5_000);
      for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofSeconds(2))) {
        received.add(r.value());
      }
      assertThat(received.subList(FIRST, received.size()))
          .as("after re-creation exactly the appended lines, once each")
          .containsExactlyElementsOf(lines(FIRST, MORE));
      String secondUid = ConnectorObjects.connector(client, NS, NAME).getMetadata().getUid();
      assertThat(secondUid).isNotEqualTo(firstUid);
      assertOwnedBy(client, NAME, secondUid);
    }
  }

  /** Every expected object exists, controlled by exactly the resource with that uid. */
  private static void assertOwnedBy(KubernetesClient client, String name, String uid) {
    await()
        .atMost(TIMEOUT)
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              Map<String, TreeSet<String>> managed = ConnectorObjects.managedNames(client, NS);
              ConnectorObjects.expected(name)
                  .forEach(
                      (kind, names) ->
                          assertThat(managed.get(kind)).as(kind).containsExactlyElementsOf(names));
              for (HasMetadata o : ConnectorObjects.all(client, NS)) {
                if (ConnectorObjects.isManaged(o)) {
                  List<OwnerReference> owners = ConnectorObjects.connectorOwners(o);
                  assertThat(owners).as(id(o)).hasSize(1);
                  assertThat(owners.get(0).getUid()).as(id(o)).isEqualTo(uid);
                  assertThat(owners.get(0).getController()).as(id(o)).isTrue();
                }
              }
            });
  }

  private static void awaitLines(
      KafkaConsumer<String, String> consumer, List<String> received, int total) {
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                received.add(r.value());
              }
              assertThat(received.size()).isGreaterThanOrEqualTo(total);
            });
  }

  /**
   * The last committed position for the file, read from the offsets topic as Connect writes it: key
   * {@code ["<connector>",{"filename":"<path>"}]}, value {@code {"position":<bytes>}}.
   */
  private static long lastOffset(String bootstrap, Path file) throws Exception {
    long position = -1;
    // assign(), not subscribe(): the group id is never used.
    try (KafkaConsumer<String, String> consumer =
        ConnectorFixtures.consumer(bootstrap, "delete-recreate-offsets")) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(OFFSETS_TOPIC).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
          if (r.key() == null || r.value() == null) {
            continue;
          }
          var key = Serialization.jsonMapper().readTree(r.key());
          if (key.isArray()
              && NAME.equals(key.get(0).asText())
              && file.toString().equals(key.get(1).path("filename").asText())) {
            position = Serialization.jsonMapper().readTree(r.value()).get("position").asLong();
          }
        }
      }
    }
    return position;
  }

  private static List<String> lines(int from, int count) {
    return IntStream.range(from, from + count).mapToObj(i -> "line-" + i).toList();
  }

  private static String id(HasMetadata o) {
    return o.getKind() + " " + o.getMetadata().getName();
  }

  private static long seconds(long t0) {
    return (System.nanoTime() - t0) / 1_000_000_000;
  }
}

package io.confluent.csid.kafka.connect.k8s.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 10: the operator SIGKILLed in the middle of creating eight KafkaConnectors applied at
 * once, and again in the middle of updating several of them, then started again. The new process
 * takes the leader-election Lease over from the dead one and converges: every resource has exactly
 * its objects, controlled by its current uid, nothing orphaned or doubled, the pods its state asks
 * for, status for the current generation, and records still flow.
 */
@ExtendWith(Bed.Extension.class)
class OperatorRestartE2E {

  private static final String NS = "operator-restart";
  private static final int CONNECTORS = 8;
  private static final int LINES = 10;
  private static final Duration CONVERGE = Duration.ofMinutes(6);

  /** Per connector: state and tasks.max. */
  private record Desired(String state, int tasksMax) {}

  @Test
  void killedMidReconcileTheRestartedOperatorConverges(Bed bed) throws Exception {
    KubernetesClient client = bed.client();
    removeInstalledOperator(bed);
    bed.operator();
    ConnectorFixtures.createNamespace(bed, NS);
    ConnectorFixtures.applyWorkerConfig(bed, NS);
    Path dir = Files.createDirectories(bed.workDir().resolve(NS));
    for (int i = 0; i < CONNECTORS; i++) {
      Files.write(file(dir, i), lines(i, 0, LINES));
    }
    // Three run (pods), five are created stopped (objects only): enough pods to check, few
    // enough JVMs starting next to the restarted operator on a shared two-core machine.
    Map<String, Desired> desired = new TreeMap<>();
    for (int i = 0; i < CONNECTORS; i++) {
      desired.put(name(i), new Desired(i < 3 ? "running" : "stopped", 1));
    }

    // 1. Killed while creating.
    applyAndKillOn(bed, dir, desired, (action, sts) -> action == Watcher.Action.ADDED);
    // The killed process wrote the StatefulSets, so it was the leader: its identity is the holder.
    String leaseHolder = lease(client).getSpec().getHolderIdentity();
    int atKill = statefulSetsOf(client).size();
    System.out.printf(
        "operator killed with %d of %d StatefulSets created%n", atKill, 2 * CONNECTORS);
    long t0 = System.nanoTime();
    restartOperator(bed);
    String newHolder = awaitLeaseHolder(client, leaseHolder);
    System.out.printf("Lease %s -> %s after %d s%n", leaseHolder, newHolder, seconds(t0));
    assertConverged(bed, desired);
    System.out.printf("converged %d s after the restart%n", seconds(t0));
    assertLeaseRenewed(client, newHolder);

    // 2. Killed while updating: one stops, one starts, three change tasks.max (one running).
    Map<String, Long> generations = statefulSetGenerations(client);
    desired.put(name(0), new Desired("running", 2));
    desired.put(name(2), new Desired("stopped", 1));
    desired.put(name(3), new Desired("running", 1));
    desired.put(name(6), new Desired("stopped", 2));
    desired.put(name(7), new Desired("stopped", 2));
    int changedStatefulSets = 2 * 5;
    applyAndKillOn(
        bed,
        dir,
        desired,
        (action, sts) ->
            action == Watcher.Action.MODIFIED
                && !Objects.equals(
                    generations.get(sts.getMetadata().getName()),
                    sts.getMetadata().getGeneration()));
    int updatedAtKill = updated(client, generations);
    String killedHolder = lease(client).getSpec().getHolderIdentity();
    System.out.printf(
        "operator killed with %d of %d StatefulSets updated%n", updatedAtKill, changedStatefulSets);
    long t1 = System.nanoTime();
    restartOperator(bed);
    String thirdHolder = awaitLeaseHolder(client, killedHolder);
    System.out.printf("Lease %s -> %s after %d s%n", killedHolder, thirdHolder, seconds(t1));
    assertConverged(bed, desired);
    System.out.printf("converged %d s after the second restart%n", seconds(t1));
    assertLeaseRenewed(client, thirdHolder);

    // Records flow: through a connector never touched (1), one rolled for tasks.max (0) and one
    // started after the kill (3).
    for (int i : List.of(0, 1, 3)) {
      Files.write(file(dir, i), lines(i, LINES, 5), StandardOpenOption.APPEND);
    }
    for (int i : List.of(0, 1, 3)) {
      assertTopicHolds(bed, i, lines(i, 0, LINES + 5));
    }
  }

  /**
   * OperatorInstallE2E leaves the operator it installed with {@code kubectl apply -k deploy/}
   * running: its pod would stay the leader and the bed's process a follower, so the kill would hit
   * an operator that is not reconciling. Only the bed's process may run here.
   */
  private static void removeInstalledOperator(Bed bed) {
    KubernetesClient client = bed.client();
    Set<String> installedPods =
        client.pods().inNamespace(Bed.OPERATOR_NAMESPACE).list().getItems().stream()
            .map(p -> p.getMetadata().getName())
            .collect(Collectors.toSet());
    if (installedPods.isEmpty()) {
      return;
    }
    bed.kubectl()
        .run(
            "-n",
            Bed.OPERATOR_NAMESPACE,
            "delete",
            "deployment",
            "connect-k8s-operator",
            "--ignore-not-found")
        .orFail();
    await()
        .atMost(Duration.ofMinutes(2))
        .untilAsserted(
            () ->
                assertThat(client.pods().inNamespace(Bed.OPERATOR_NAMESPACE).list().getItems())
                    .isEmpty());
    bed.operator();
    String holder = awaitLeaseHolder(client, null, installedPods);
    System.out.println("installed operator removed; the bed's operator " + holder + " leads");
  }

  /**
   * Starts the operator again. A start that fails (on this shared machine: informer lists timing
   * out while the pods of the previous step start next to it, after which the SDK stops the
   * operator) is retried as the Deployment's pod would be restarted, and reported.
   */
  private static void restartOperator(Bed bed) {
    for (int attempt = 1; ; attempt++) {
      try {
        bed.operator();
        return;
      } catch (IllegalStateException e) {
        if (attempt == 3) {
          throw e;
        }
        System.out.println(
            "operator start "
                + attempt
                + " failed, started again as its Deployment would restart it: "
                + e.getMessage().lines().findFirst().orElse(""));
      }
    }
  }

  /**
   * Applies the resources and SIGKILLs the operator from inside a watch of the namespace's
   * StatefulSets on the first event {@code trigger} accepts: milliseconds after the operator's
   * first such write, while its other reconciliations are still writing.
   */
  private static void applyAndKillOn(
      Bed bed,
      Path dir,
      Map<String, Desired> desired,
      BiPredicate<Watcher.Action, StatefulSet> trigger)
      throws Exception {
    OperatorProcess operator = bed.operator();
    CountDownLatch killed = new CountDownLatch(1);
    try (Watch watch =
        bed.client()
            .apps()
            .statefulSets()
            .inNamespace(NS)
            .watch(
                new Watcher<>() {
                  @Override
                  public void eventReceived(Action action, StatefulSet sts) {
                    if (killed.getCount() > 0 && trigger.test(action, sts)) {
                      operator.kill();
                      killed.countDown();
                    }
                  }

                  @Override
                  public void onClose(WatcherException cause) {}
                })) {
      applyAll(bed, dir, desired);
      assertThat(killed.await(3, TimeUnit.MINUTES)).as("the operator's first write seen").isTrue();
    }
    assertThat(operator.isAlive()).isFalse();
    Map<String, Integer> counts = new TreeMap<>();
    ConnectorObjects.managedNames(bed.client(), NS).forEach((k, v) -> counts.put(k, v.size()));
    System.out.println("objects at the kill (of " + desired.size() + " each): " + counts);
  }

  private static void applyAll(Bed bed, Path dir, Map<String, Desired> desired) throws IOException {
    String template = Files.readString(ConnectorFixtures.path("file-source-with-state.yaml"));
    StringBuilder all = new StringBuilder();
    for (Map.Entry<String, Desired> e : desired.entrySet()) {
      int i = Integer.parseInt(e.getKey().substring(e.getKey().lastIndexOf('-') + 1));
      Map<String, String> values =
          Map.of(
              "NAME", e.getKey(),
              "STATE", e.getValue().state(),
              "TASKS", String.valueOf(e.getValue().tasksMax()),
              "FILE", file(dir, i).toString(),
              "TOPIC", topic(i));
      String yaml = template;
      for (Map.Entry<String, String> v : values.entrySet()) {
        yaml = yaml.replace("${" + v.getKey() + "}", v.getValue());
      }
      all.append("---\n").append(yaml);
    }
    Path file = Files.createTempFile(bed.workDir(), "operator-restart-", ".yaml");
    Files.writeString(file, all);
    // One apply for all of them: the operator gets them as one burst of events.
    bed.kubectl().run("-n", NS, "apply", "-f", file.toString()).orFail();
  }

  /**
   * Exactly the desired objects, owned by the current uids; the pods the states ask for and no
   * others, all Ready on the current templates; status for the current generation and Ready.
   */
  private static void assertConverged(Bed bed, Map<String, Desired> desired) {
    KubernetesClient client = bed.client();
    await()
        .atMost(CONVERGE)
        .pollInterval(Duration.ofSeconds(2))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              Map<String, String> uids = new HashMap<>();
              for (GenericKubernetesResource r : ConnectorObjects.connectors(client, NS)) {
                uids.put(r.getMetadata().getName(), r.getMetadata().getUid());
                Desired d = desired.get(r.getMetadata().getName());
                assertThat(d).as(r.getMetadata().getName()).isNotNull();
                assertThat(ConnectorObjects.status(r, "observedGeneration"))
                    .as(r.getMetadata().getName() + " observedGeneration")
                    .isEqualTo(r.getMetadata().getGeneration().intValue());
                assertThat(readyReason(r))
                    .as(r.getMetadata().getName() + " Ready")
                    .isEqualTo("running".equals(d.state()) ? "Running" : "Stopped");
              }
              assertThat(uids.keySet()).isEqualTo(desired.keySet());

              Map<String, TreeSet<String>> expected = new TreeMap<>();
              desired
                  .keySet()
                  .forEach(
                      n ->
                          ConnectorObjects.expected(n)
                              .forEach(
                                  (kind, names) ->
                                      expected
                                          .computeIfAbsent(kind, k -> new TreeSet<>())
                                          .addAll(names)));
              assertThat(ConnectorObjects.managedNames(client, NS)).isEqualTo(expected);
              for (HasMetadata o : ConnectorObjects.all(client, NS)) {
                List<OwnerReference> owners = ConnectorObjects.connectorOwners(o);
                if (ConnectorObjects.isManaged(o)) {
                  String instance = o.getMetadata().getLabels().get("app.kubernetes.io/instance");
                  assertThat(owners).as(id(o)).hasSize(1);
                  assertThat(owners.get(0).getUid()).as(id(o)).isEqualTo(uids.get(instance));
                  assertThat(owners.get(0).getController()).as(id(o)).isTrue();
                } else {
                  assertThat(owners).as(id(o) + " is not the operator's").isEmpty();
                }
              }

              Map<String, StatefulSet> sets =
                  statefulSetsOf(client).stream()
                      .collect(Collectors.toMap(s -> s.getMetadata().getName(), s -> s));
              Set<String> wantedPods = new TreeSet<>();
              desired.forEach(
                  (n, d) -> {
                    int replicas = "running".equals(d.state()) ? 1 : 0;
                    for (String sts : List.of(n + "-connector", n + "-tasks")) {
                      StatefulSet s = sets.get(sts);
                      assertThat(s.getSpec().getReplicas()).as(sts).isEqualTo(replicas);
                      assertThat(Objects.requireNonNullElse(s.getStatus().getReadyReplicas(), 0))
                          .as(sts + " ready")
                          .isEqualTo(replicas);
                      if (replicas == 1) {
                        wantedPods.add(sts + "-0");
                      }
                    }
                  });
              List<Pod> pods = client.pods().inNamespace(NS).list().getItems();
              assertThat(pods.stream().map(p -> p.getMetadata().getName()).sorted().toList())
                  .containsExactlyElementsOf(wantedPods);
              for (Pod p : pods) {
                OwnerReference owner = p.getMetadata().getOwnerReferences().get(0);
                StatefulSet s = sets.get(owner.getName());
                assertThat(owner.getUid())
                    .as(p.getMetadata().getName())
                    .isEqualTo(s.getMetadata().getUid());
                assertThat(ConnectorFixtures.ready(p)).as(p.getMetadata().getName()).isTrue();
                assertThat(p.getMetadata().getLabels().get("controller-revision-hash"))
                    .as(p.getMetadata().getName() + " runs the current template")
                    .isEqualTo(s.getStatus().getUpdateRevision());
              }
            });
    System.out.println(bed.kubectl().run("-n", NS, "get", "kafkaconnectors,sts,pods").output());
  }

  @SuppressWarnings("unchecked")
  private static String readyReason(GenericKubernetesResource r) {
    Object conditions = ConnectorObjects.status(r, "conditions");
    if (!(conditions instanceof List)) {
      return null;
    }
    for (Map<String, Object> c : (List<Map<String, Object>>) conditions) {
      if ("Ready".equals(c.get("type")) && "True".equals(c.get("status"))) {
        return (String) c.get("reason");
      }
    }
    return null;
  }

  /** The Lease's holder once it is held by someone other than {@code previous}. */
  private static String awaitLeaseHolder(KubernetesClient client, String previous) {
    return awaitLeaseHolder(client, previous, Set.of());
  }

  private static String awaitLeaseHolder(
      KubernetesClient client, String previous, Set<String> notThese) {
    return await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .until(
            () -> lease(client).getSpec().getHolderIdentity(),
            holder -> holder != null && !holder.equals(previous) && !notThese.contains(holder));
  }

  /** The new holder keeps renewing: it is alive and leading, not a stale record. */
  private static void assertLeaseRenewed(KubernetesClient client, String holder) {
    Lease first = lease(client);
    assertThat(first.getSpec().getHolderIdentity()).isEqualTo(holder);
    ZonedDateTime renewed = first.getSpec().getRenewTime();
    await()
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () -> {
              Lease now = lease(client);
              assertThat(now.getSpec().getHolderIdentity()).isEqualTo(holder);
              assertThat(now.getSpec().getRenewTime()).isAfter(renewed);
            });
    System.out.println(
        "Lease held by "
            + holder
            + ", transitions "
            + lease(client).getSpec().getLeaseTransitions());
  }

  private static Lease lease(KubernetesClient client) {
    return client
        .leases()
        .inNamespace(Bed.OPERATOR_NAMESPACE)
        .withName("connect-k8s-operator")
        .get();
  }

  private static List<StatefulSet> statefulSetsOf(KubernetesClient client) {
    return client.apps().statefulSets().inNamespace(NS).list().getItems();
  }

  private static Map<String, Long> statefulSetGenerations(KubernetesClient client) {
    Map<String, Long> generations = new LinkedHashMap<>();
    statefulSetsOf(client)
        .forEach(s -> generations.put(s.getMetadata().getName(), s.getMetadata().getGeneration()));
    return generations;
  }

  /** How many StatefulSets changed spec since {@code before}. */
  private static int updated(KubernetesClient client, Map<String, Long> before) {
    return (int)
        statefulSetsOf(client).stream()
            .filter(
                s ->
                    !Objects.equals(
                        before.get(s.getMetadata().getName()), s.getMetadata().getGeneration()))
            .count();
  }

  private static void assertTopicHolds(Bed bed, int i, List<String> expected) {
    List<String> received = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        ConnectorFixtures.consumer(bed.broker().bootstrapServers(), "operator-restart-" + i)) {
      consumer.subscribe(List.of(topic(i)));
      await()
          .atMost(Duration.ofMinutes(3))
          .untilAsserted(
              () -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                  received.add(r.value());
                }
                assertThat(received).containsAll(expected);
              });
    }
    System.out.printf("%s: %d records for %d lines%n", topic(i), received.size(), expected.size());
  }

  private static String name(int i) {
    return "restart-" + i;
  }

  private static String topic(int i) {
    return "restart-lines-" + i;
  }

  private static Path file(Path dir, int i) {
    return dir.resolve("lines-" + i + ".txt");
  }

  private static List<String> lines(int connector, int from, int count) {
    return IntStream.range(from, from + count).mapToObj(l -> connector + "-line-" + l).toList();
  }

  private static String id(HasMetadata o) {
    return o.getKind() + " " + o.getMetadata().getName();
  }

  private static long seconds(long t0) {
    return (System.nanoTime() - t0) / 1_000_000_000;
  }
}

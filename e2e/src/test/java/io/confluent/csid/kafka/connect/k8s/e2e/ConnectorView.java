package io.confluent.csid.kafka.connect.k8s.e2e;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a user sees of one KafkaConnector through the API (its status, annotations and Events) and
 * of its pods (uid, restart count, process): read with the admin client, without the operator's
 * classes, so the tests check the wire format users see.
 */
final class ConnectorView {

  static final ResourceDefinitionContext KAFKA_CONNECTORS = KafkaConnectors.CONTEXT;

  private final KubernetesClient client;
  private final String namespace;
  private final String name;

  ConnectorView(KubernetesClient client, String namespace, String name) {
    this.client = client;
    this.namespace = namespace;
    this.name = name;
  }

  String name() {
    return name;
  }

  String connectorPod() {
    return name + "-connector-0";
  }

  String taskPod(int id) {
    return name + "-tasks-" + id;
  }

  GenericKubernetesResource resource() {
    return client
        .genericKubernetesResources(KAFKA_CONNECTORS)
        .inNamespace(namespace)
        .withName(name)
        .get();
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> status() {
    GenericKubernetesResource r = resource();
    Object status = r == null ? null : r.getAdditionalProperties().get("status");
    return status == null ? Map.of() : (Map<String, Object>) status;
  }

  /** {@code status.connector.state}, or null before the operator wrote one. */
  @SuppressWarnings("unchecked")
  String connectorState() {
    Map<String, Object> connector = (Map<String, Object>) status().get("connector");
    return connector == null ? null : (String) connector.get("state");
  }

  /** {@code status.tasks[*].state} in task order. */
  @SuppressWarnings("unchecked")
  List<String> taskStates() {
    List<Map<String, Object>> tasks = (List<Map<String, Object>>) status().get("tasks");
    return tasks == null ? List.of() : tasks.stream().map(t -> (String) t.get("state")).toList();
  }

  /** One line for logs: connector state, task states, tasksReady and the conditions. */
  @SuppressWarnings("unchecked")
  String summary() {
    Map<String, Object> s = status();
    List<Map<String, Object>> conditions =
        (List<Map<String, Object>>) s.getOrDefault("conditions", List.of());
    return "connector="
        + connectorState()
        + " tasks="
        + taskStates()
        + " tasksReady="
        + s.get("tasksReady")
        + " conditions="
        + conditions.stream()
            .map(c -> c.get("type") + "=" + c.get("status") + "/" + c.get("reason"))
            .collect(Collectors.joining(","));
  }

  /** The condition of that type as stored, or an empty map. */
  @SuppressWarnings("unchecked")
  Map<String, Object> condition(String type) {
    List<Map<String, Object>> conditions =
        (List<Map<String, Object>>) status().getOrDefault("conditions", List.of());
    return conditions.stream().filter(c -> type.equals(c.get("type"))).findFirst().orElse(Map.of());
  }

  Map<String, String> annotations() {
    GenericKubernetesResource r = resource();
    Map<String, String> a = r == null ? null : r.getMetadata().getAnnotations();
    return a == null ? Map.of() : a;
  }

  /** This connector's Events with that reason. */
  List<Event> events(String reason) {
    return client.v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .filter(e -> reason.equals(e.getReason()))
        .toList();
  }

  /** The message of the one Event with that reason that is not among {@code before}. */
  String newEvent(String reason, List<Event> before) {
    Set<String> seen =
        before.stream().map(e -> e.getMetadata().getName()).collect(Collectors.toSet());
    List<Event> added =
        events(reason).stream().filter(e -> !seen.contains(e.getMetadata().getName())).toList();
    if (added.size() != 1) {
      throw new AssertionError(
          "expected one new "
              + reason
              + " Event, got "
              + added.stream().map(Event::getMessage).toList());
    }
    return added.get(0).getMessage();
  }

  Pod pod(String podName) {
    return client.pods().inNamespace(namespace).withName(podName).get();
  }

  /** The pod's uid, or null while there is no pod of that name. */
  String uid(String podName) {
    Pod pod = pod(podName);
    return pod == null ? null : pod.getMetadata().getUid();
  }

  /** The runner container's restart count (0 while it has no status yet). */
  static int restartCount(Pod pod) {
    return runner(pod).map(ContainerStatus::getRestartCount).orElse(0);
  }

  /**
   * The process id of the pod's runner: the process kubelet reports {@code process://<pid>} as the
   * container id, the process the container's command runs as.
   */
  static long pid(Pod pod) {
    String id = runner(pod).map(ContainerStatus::getContainerID).orElseThrow();
    return Long.parseLong(id.substring("process://".length()));
  }

  static boolean ready(Pod pod) {
    return ConnectorFixtures.ready(pod) && pod.getMetadata().getDeletionTimestamp() == null;
  }

  private static java.util.Optional<ContainerStatus> runner(Pod pod) {
    if (pod == null || pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return java.util.Optional.empty();
    }
    return pod.getStatus().getContainerStatuses().stream()
        .filter(c -> Objects.equals("runner", c.getName()))
        .findFirst();
  }

  /** The pods of this connector that exist now, by name. */
  List<Pod> pods() {
    return client
        .pods()
        .inNamespace(namespace)
        .withLabel("app.kubernetes.io/instance", name)
        .list()
        .getItems();
  }
}

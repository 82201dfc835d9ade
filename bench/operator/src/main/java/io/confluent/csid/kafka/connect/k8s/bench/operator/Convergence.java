package io.confluent.csid.kafka.connect.k8s.bench.operator;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;

/**
 * Watches, from the bench's own process, every object the operator makes and the KafkaConnectors
 * themselves, and records per connector the first moment a goal holds. Event-driven (informers)
 * rather than polled, so that 200 connectors × 10 objects cost the API server one watch per kind,
 * and a connector's time is taken when the event that completes it arrives.
 */
final class Convergence implements AutoCloseable {

  /** A condition on one connector's objects, as seen in the informer caches. */
  interface Goal extends BiPredicate<String, Convergence> {}

  private final String namespace;
  private final Map<String, SharedIndexInformer<? extends HasMetadata>> byKind =
      new ConcurrentHashMap<>();
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
  private final Map<String, Long> podSeenAt = new ConcurrentHashMap<>();
  private volatile Phase phase;

  Convergence(KubernetesClient client, String namespace) {
    this.namespace = namespace;
    inform("Secret", client.secrets().inNamespace(namespace).withLabel(managed()));
    inform("ConfigMap", client.configMaps().inNamespace(namespace).withLabel(managed()));
    inform("ServiceAccount", client.serviceAccounts().inNamespace(namespace).withLabel(managed()));
    inform("Role", client.rbac().roles().inNamespace(namespace).withLabel(managed()));
    inform("RoleBinding", client.rbac().roleBindings().inNamespace(namespace).withLabel(managed()));
    inform("Service", client.services().inNamespace(namespace).withLabel(managed()));
    inform("StatefulSet", client.apps().statefulSets().inNamespace(namespace).withLabel(managed()));
    inform("Pod", client.pods().inNamespace(namespace).withLabel(managed()));
    inform(
        "KafkaConnector",
        client
            .genericKubernetesResources(ConnectorObjects.KAFKA_CONNECTORS)
            .inNamespace(namespace));
  }

  private static String managed() {
    return ConnectorObjects.MANAGED_SELECTOR_KEY + "=" + ConnectorObjects.MANAGED_SELECTOR_VALUE;
  }

  private <T extends HasMetadata> void inform(
      String kind, io.fabric8.kubernetes.client.dsl.Informable<T> source) {
    SharedIndexInformer<T> informer =
        source.inform(
            new ResourceEventHandler<>() {
              @Override
              public void onAdd(T obj) {
                changed(kind, obj);
              }

              @Override
              public void onUpdate(T oldObj, T newObj) {
                changed(kind, newObj);
              }

              @Override
              public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                changed(kind, obj);
              }
            });
    byKind.put(kind, informer);
    informers.add(informer);
  }

  private void changed(String kind, HasMetadata obj) {
    String name =
        "KafkaConnector".equals(kind)
            ? obj.getMetadata().getName()
            : Optional.ofNullable(obj.getMetadata().getLabels())
                .map(l -> l.get(ConnectorObjects.INSTANCE_LABEL))
                .orElse(null);
    if (name == null) {
      return;
    }
    if ("Pod".equals(kind)) {
      podSeenAt.putIfAbsent(obj.getMetadata().getName(), System.nanoTime());
    }
    Phase current = phase;
    if (current != null) {
      current.check(name);
    }
  }

  /** The object of that kind and name in the cache, or null. */
  @SuppressWarnings("unchecked")
  <T extends HasMetadata> T get(String kind, String name) {
    return (T) byKind.get(kind).getStore().getByKey(namespace + "/" + name);
  }

  GenericKubernetesResource connector(String name) {
    return get("KafkaConnector", name);
  }

  StatefulSet statefulSet(String name) {
    return get("StatefulSet", name);
  }

  Secret secret(String name) {
    return get("Secret", name);
  }

  /** When the bench first saw pod {@code podName}, or null. */
  Long podSeenAt(String podName) {
    return podSeenAt.get(podName);
  }

  /** Starts timing {@code goal} for {@code names}; only one phase runs at a time. */
  Phase begin(Set<String> names, Goal goal) {
    Phase p = new Phase(names, goal);
    phase = p;
    names.forEach(p::check);
    return p;
  }

  @Override
  public void close() {
    informers.forEach(SharedIndexInformer::close);
  }

  /** One timed goal over a set of connectors. */
  final class Phase {
    private final Set<String> names;
    private final Goal goal;
    private final Map<String, Long> reachedAt = new ConcurrentHashMap<>();

    private Phase(Set<String> names, Goal goal) {
      this.names = names;
      this.goal = goal;
    }

    void check(String name) {
      if (names.contains(name)
          && !reachedAt.containsKey(name)
          && goal.test(name, Convergence.this)) {
        reachedAt.putIfAbsent(name, System.nanoTime());
      }
    }

    /** Re-checks every connector not there yet: a goal may hinge on an event of another kind. */
    void sweep() {
      names.forEach(this::check);
    }

    boolean done() {
      return reachedAt.size() == names.size();
    }

    int reached() {
      return reachedAt.size();
    }

    Map<String, Long> reachedAt() {
      return reachedAt;
    }

    /** Connectors still missing the goal, for the failure message. */
    List<String> missing() {
      return names.stream().filter(n -> !reachedAt.containsKey(n)).sorted().toList();
    }
  }
}

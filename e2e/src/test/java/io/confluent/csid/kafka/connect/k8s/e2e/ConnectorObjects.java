package io.confluent.csid.kafka.connect.k8s.e2e;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The objects the operator owns for a KafkaConnector (operator/.../dependent/: one class per
 * object), looked up the way a user would check them: by kind and name, and by ownerReferences.
 */
final class ConnectorObjects {

  static final String MANAGED_BY = "app.kubernetes.io/managed-by=connect-k8s-operator";

  static final ResourceDefinitionContext KAFKA_CONNECTOR = KafkaConnectors.CONTEXT;

  private ConnectorObjects() {}

  /**
   * Kind → names of what the operator creates for a connector without {@code spec.ports} (no {@code
   * <name>} Service): both StatefulSets, the config and task-config Secrets, the state ConfigMap,
   * the runner's ServiceAccount, Role and RoleBinding, the two headless Services.
   */
  static Map<String, List<String>> expected(String name) {
    Map<String, List<String>> byKind = new TreeMap<>();
    byKind.put("StatefulSet", List.of(name + "-connector", name + "-tasks"));
    byKind.put("Secret", List.of(name + "-config", name + "-tasks"));
    byKind.put("ConfigMap", List.of(name + "-state"));
    byKind.put("ServiceAccount", List.of(name + "-runner"));
    byKind.put("Role", List.of(name + "-runner"));
    byKind.put("RoleBinding", List.of(name + "-runner"));
    byKind.put("Service", List.of(name + "-connector", name + "-tasks"));
    return byKind;
  }

  /** Every object of the kinds the operator creates in the namespace, whoever made it. */
  static List<HasMetadata> all(KubernetesClient client, String namespace) {
    List<HasMetadata> all = new ArrayList<>();
    Stream.of(
            client.apps().statefulSets().inNamespace(namespace).list().getItems(),
            client.secrets().inNamespace(namespace).list().getItems(),
            client.configMaps().inNamespace(namespace).list().getItems(),
            client.serviceAccounts().inNamespace(namespace).list().getItems(),
            client.rbac().roles().inNamespace(namespace).list().getItems(),
            client.rbac().roleBindings().inNamespace(namespace).list().getItems(),
            client.services().inNamespace(namespace).list().getItems())
        .forEach(all::addAll);
    return all;
  }

  /** Kind → sorted names of the objects carrying the operator's managed-by label. */
  static Map<String, TreeSet<String>> managedNames(KubernetesClient client, String namespace) {
    Map<String, TreeSet<String>> byKind = new TreeMap<>();
    for (HasMetadata o : all(client, namespace)) {
      if (isManaged(o)) {
        byKind.computeIfAbsent(o.getKind(), k -> new TreeSet<>()).add(o.getMetadata().getName());
      }
    }
    return byKind;
  }

  static boolean isManaged(HasMetadata o) {
    Map<String, String> labels = o.getMetadata().getLabels();
    return labels != null
        && "connect-k8s-operator".equals(labels.get("app.kubernetes.io/managed-by"));
  }

  /** The KafkaConnector owner references of an object. */
  static List<OwnerReference> connectorOwners(HasMetadata o) {
    return o.getMetadata().getOwnerReferences() == null
        ? List.of()
        : o.getMetadata().getOwnerReferences().stream()
            .filter(r -> "KafkaConnector".equals(r.getKind()))
            .toList();
  }

  static List<GenericKubernetesResource> connectors(KubernetesClient client, String namespace) {
    return client
        .genericKubernetesResources(KAFKA_CONNECTOR)
        .inNamespace(namespace)
        .list()
        .getItems();
  }

  static GenericKubernetesResource connector(
      KubernetesClient client, String namespace, String name) {
    return client
        .genericKubernetesResources(KAFKA_CONNECTOR)
        .inNamespace(namespace)
        .withName(name)
        .get();
  }

  /** A value of the resource's status, e.g. {@code status(r, "connector", "state")}. */
  @SuppressWarnings("unchecked")
  static Object status(GenericKubernetesResource r, String... path) {
    Object at = r.getAdditionalProperties().get("status");
    for (String key : path) {
      if (!(at instanceof Map)) {
        return null;
      }
      at = ((Map<String, Object>) at).get(key);
    }
    return at;
  }
}

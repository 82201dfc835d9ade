package io.confluent.csid.kafka.connect.k8s.bench.operator;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;

/** What "converged" means in each phase of the bench. */
final class Goals {

  private Goals() {}

  /**
   * Every owned object exists and carries config revision {@code revision}: the config Secret holds
   * that revision's topic, both StatefulSets' pod templates carry the same config hash (different
   * from {@code previousHashes} when given: the pods would roll), and the status has observed the
   * resource's generation.
   */
  static Convergence.Goal converged(int revision, Map<String, String> previousHashes) {
    return (name, view) -> {
      GenericKubernetesResource connector = view.connector(name);
      if (connector == null || !observedCurrentGeneration(connector)) {
        return false;
      }
      for (ConnectorObjects.Owned owned : ConnectorObjects.owned(name)) {
        if (view.get(owned.kind(), owned.name()) == null) {
          return false;
        }
      }
      if (!configSecretHasTopic(
          view.secret(name + "-config"), ConnectorObjects.topic(name, revision))) {
        return false;
      }
      String hash = configHash(view.statefulSet(name + "-connector"));
      return hash != null
          && !"missing".equals(hash)
          && hash.equals(configHash(view.statefulSet(name + "-tasks")))
          && (previousHashes == null || !hash.equals(previousHashes.get(name)));
    };
  }

  /** The KafkaConnector, every object it owned and its pod are gone. */
  static Convergence.Goal gone() {
    return (name, view) ->
        view.connector(name) == null
            && view.get("Pod", ConnectorObjects.connectorPod(name)) == null
            && ConnectorObjects.owned(name).stream()
                .allMatch(o -> view.get(o.kind(), o.name()) == null);
  }

  static String configHash(StatefulSet sts) {
    if (sts == null
        || sts.getSpec().getTemplate().getMetadata() == null
        || sts.getSpec().getTemplate().getMetadata().getAnnotations() == null) {
      return null;
    }
    return sts.getSpec()
        .getTemplate()
        .getMetadata()
        .getAnnotations()
        .get(ConnectorObjects.CONFIG_HASH);
  }

  private static boolean observedCurrentGeneration(GenericKubernetesResource connector) {
    Object status = connector.getAdditionalProperties().get("status");
    if (!(status instanceof Map<?, ?> map)) {
      return false;
    }
    Object observed = map.get("observedGeneration");
    return observed instanceof Number n
        && Objects.equals(n.longValue(), connector.getMetadata().getGeneration());
  }

  private static boolean configSecretHasTopic(Secret secret, String topic) {
    if (secret == null || secret.getData() == null) {
      return false;
    }
    String encoded = secret.getData().get(ConnectorObjects.CONNECTOR_JSON);
    return encoded != null
        && new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8)
            .contains("\"" + topic + "\"");
  }
}

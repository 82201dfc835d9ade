package io.confluent.csid.kafka.connect.k8s.runner;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.connect.errors.ConnectException;
import org.jboss.logging.Logger;

/**
 * Writes task configs into the Secret {@code <name>-tasks} that the operator pre-created. Only
 * {@code get} and {@code update} on that one name: the pod never needs to create or list Secrets.
 */
public final class SecretTaskConfigPublisher implements TaskConfigPublisher {

  private static final Logger LOG = Logger.getLogger(SecretTaskConfigPublisher.class);
  private static final int ATTEMPTS = 5;

  private final KubernetesClient client;
  private final String namespace;
  private final String secretName;
  private final String configHash;

  public SecretTaskConfigPublisher(
      KubernetesClient client, String namespace, String connectorName, String configHash) {
    this.client = client;
    this.namespace = namespace;
    this.secretName = PodContract.tasksSecretName(connectorName);
    this.configHash = configHash;
  }

  @Override
  public void publish(List<Map<String, String>> taskConfigs) {
    Map<String, String> data = new TreeMap<>();
    TaskConfigs.toSecretData(taskConfigs)
        .forEach(
            (k, v) ->
                data.put(
                    k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    for (int attempt = 1; ; attempt++) {
      Secret secret = client.secrets().inNamespace(namespace).withName(secretName).get();
      if (secret == null) {
        throw new ConnectException(
            "Secret " + namespace + "/" + secretName + " does not exist: the operator creates it");
      }
      Map<String, String> annotations =
          secret.getMetadata().getAnnotations() == null
              ? new HashMap<>()
              : new HashMap<>(secret.getMetadata().getAnnotations());
      annotations.put(PodContract.CONFIG_HASH_ANNOTATION, configHash);
      secret.getMetadata().setAnnotations(annotations);
      secret.setData(data);
      secret.setStringData(null);
      try {
        // update() carries the resourceVersion we read: a concurrent writer gives 409, retried.
        client.secrets().inNamespace(namespace).resource(secret).update();
        LOG.infof(
            "Published %d task config(s) to Secret %s/%s",
            taskConfigs.size(), namespace, secretName);
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt >= ATTEMPTS) {
          throw new ConnectException(
              "Cannot update Secret " + namespace + "/" + secretName + ": " + e.getMessage(), e);
        }
      }
    }
  }
}

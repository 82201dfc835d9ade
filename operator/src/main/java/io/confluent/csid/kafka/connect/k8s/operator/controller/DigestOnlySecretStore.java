package io.confluent.csid.kafka.connect.k8s.operator.controller;

import io.confluent.csid.kafka.connect.k8s.operator.dependent.ConfigHashes;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.Map;
import java.util.TreeMap;

/**
 * Cache of the worker-Secret informer, which sees every Secret of the watched namespaces (a user's
 * Secret carries no label of ours). It keeps only metadata and a digest per key: the operator only
 * ever hashes worker configs, so no Secret value stays in its memory, and large Secrets (TLS
 * bundles, Helm releases) cost almost nothing.
 */
public class DigestOnlySecretStore extends BasicItemStore<Secret> {

  /** kubectl copies the whole object, values included, into this annotation. */
  static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

  public DigestOnlySecretStore() {
    super(Cache::metaNamespaceKeyFunc);
  }

  @Override
  public Secret put(String key, Secret secret) {
    return super.put(key, digestOnly(secret));
  }

  static Secret digestOnly(Secret secret) {
    Map<String, String> digests = new TreeMap<>();
    if (secret.getData() != null) {
      secret.getData().forEach((k, v) -> digests.put(k, ConfigHashes.valueDigest(v)));
    }
    Map<String, String> annotations = new TreeMap<>();
    if (secret.getMetadata().getAnnotations() != null) {
      annotations.putAll(secret.getMetadata().getAnnotations());
      annotations.remove(LAST_APPLIED);
    }
    return new SecretBuilder()
        .withMetadata(
            new ObjectMetaBuilder(secret.getMetadata())
                .withManagedFields()
                .withAnnotations(annotations)
                .build())
        .withType(secret.getType())
        .withData(digests)
        .build();
  }
}

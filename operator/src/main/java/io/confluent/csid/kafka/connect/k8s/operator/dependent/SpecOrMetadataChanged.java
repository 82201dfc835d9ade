package io.confluent.csid.kafka.connect.k8s.operator.dependent;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import java.util.Objects;

/**
 * Lets an update of a watched object trigger a reconciliation only when something the operator
 * reads changed: the generation (the spec, for kinds that count them), labels, annotations (the
 * restart requests of a KafkaConnector), owner references or a pending deletion. Used only for
 * kinds whose other fields nothing reads: a KafkaConnector's status (the operator's own writes),
 * the status the StatefulSet controller rewrites after every pod change, and the token Secret the
 * 1.20 token controller adds to each new ServiceAccount. Without it each of these writes reconciled
 * the connector once more, to find nothing to do (bench/run-operator.sh counted them).
 */
public class SpecOrMetadataChanged<R extends HasMetadata> implements OnUpdateFilter<R> {

  @Override
  public boolean accept(R newer, R older) {
    ObjectMeta n = newer.getMetadata();
    ObjectMeta o = older.getMetadata();
    return !Objects.equals(n.getGeneration(), o.getGeneration())
        || !Objects.equals(n.getLabels(), o.getLabels())
        || !Objects.equals(n.getAnnotations(), o.getAnnotations())
        || !Objects.equals(n.getOwnerReferences(), o.getOwnerReferences())
        || !Objects.equals(n.getDeletionTimestamp(), o.getDeletionTimestamp());
  }
}

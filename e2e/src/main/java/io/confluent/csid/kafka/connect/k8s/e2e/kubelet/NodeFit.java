package io.confluent.csid.kafka.connect.k8s.e2e.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The scheduler's filter for the one node: resource requests against allocatable, pod count and
 * nodeSelector. Messages follow kube-scheduler's ("0/1 nodes are available: 1 Insufficient
 * memory.") so status shown to users looks like a real cluster's.
 */
public final class NodeFit {

  private NodeFit() {}

  /**
   * @return empty when the pod fits, else the scheduler's message
   */
  public static Optional<String> unschedulable(
      Pod pod,
      Collection<Pod> boundPods,
      Map<String, String> nodeLabels,
      Map<String, Quantity> allocatable) {
    List<String> reasons = new ArrayList<>();
    Map<String, String> selector = pod.getSpec().getNodeSelector();
    if (selector != null
        && selector.entrySet().stream()
            .anyMatch(e -> !e.getValue().equals(nodeLabels.get(e.getKey())))) {
      reasons.add("node(s) didn't match node selector");
    }
    if (boundPods.size() + 1 > amount(allocatable.get("pods")).intValue()) {
      reasons.add("Too many pods");
    }
    for (String resource : List.of("cpu", "memory")) {
      BigDecimal used =
          boundPods.stream()
              .map(p -> request(p, resource))
              .reduce(BigDecimal.ZERO, BigDecimal::add);
      if (used.add(request(pod, resource)).compareTo(amount(allocatable.get(resource))) > 0) {
        reasons.add("Insufficient " + resource);
      }
    }
    if (reasons.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        "0/1 nodes are available: "
            + String.join(", ", reasons.stream().map(r -> "1 " + r).toList())
            + ".");
  }

  /** Effective request: the sum over containers, or the largest init container if larger. */
  static BigDecimal request(Pod pod, String resource) {
    BigDecimal sum =
        pod.getSpec().getContainers().stream()
            .map(c -> request(c, resource))
            .reduce(BigDecimal.ZERO, BigDecimal::add);
    BigDecimal init =
        pod.getSpec().getInitContainers().stream()
            .map(c -> request(c, resource))
            .reduce(BigDecimal.ZERO, BigDecimal::max);
    return sum.max(init);
  }

  private static BigDecimal request(Container c, String resource) {
    if (c.getResources() == null || c.getResources().getRequests() == null) {
      return BigDecimal.ZERO;
    }
    return amount(c.getResources().getRequests().get(resource));
  }

  private static BigDecimal amount(Quantity q) {
    return q == null ? BigDecimal.ZERO : q.getNumericalAmount();
  }
}

package io.confluent.csid.kafka.connect.k8s.e2e.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeFitTest {

  private static final Map<String, Quantity> ALLOCATABLE =
      Map.of("cpu", new Quantity("2"), "memory", new Quantity("1Gi"), "pods", new Quantity("3"));
  private static final Map<String, String> LABELS = Map.of("kubernetes.io/os", "linux");

  @Test
  void podWithinAllocatableFits() {
    assertThat(
            NodeFit.unschedulable(
                pod("500m", "512Mi"), List.of(pod("1", "256Mi")), LABELS, ALLOCATABLE))
        .isEmpty();
  }

  @Test
  void requestsOfBoundPodsCount() {
    assertThat(
            NodeFit.unschedulable(
                pod("500m", "512Mi"), List.of(pod("100m", "768Mi")), LABELS, ALLOCATABLE))
        .contains("0/1 nodes are available: 1 Insufficient memory.");
  }

  @Test
  void everyShortageIsNamedLikeTheScheduler() {
    Pod big = pod("3", "2Gi");
    big.getSpec().setNodeSelector(Map.of("disk", "ssd"));
    assertThat(
            NodeFit.unschedulable(
                big,
                List.of(pod(null, null), pod(null, null), pod(null, null)),
                LABELS,
                ALLOCATABLE))
        .contains(
            "0/1 nodes are available: 1 node(s) didn't match node selector, 1 Too many pods,"
                + " 1 Insufficient cpu, 1 Insufficient memory.");
  }

  @Test
  void largestInitContainerCountsWhenLargerThanTheContainers() {
    Pod pod = pod("100m", "100Mi");
    pod.getSpec().getInitContainers().add(pod("100m", "2Gi").getSpec().getContainers().get(0));
    assertThat(NodeFit.unschedulable(pod, List.of(), LABELS, ALLOCATABLE))
        .contains("0/1 nodes are available: 1 Insufficient memory.");
  }

  private static Pod pod(String cpu, String memory) {
    ContainerBuilder container = new ContainerBuilder().withName("c");
    if (cpu != null) {
      container
          .withNewResources()
          .addToRequests("cpu", new Quantity(cpu))
          .addToRequests("memory", new Quantity(memory))
          .endResources();
    }
    return new PodBuilder()
        .withNewMetadata()
        .withName("p")
        .endMetadata()
        .withNewSpec()
        .withContainers(container.build())
        .endSpec()
        .build();
  }
}

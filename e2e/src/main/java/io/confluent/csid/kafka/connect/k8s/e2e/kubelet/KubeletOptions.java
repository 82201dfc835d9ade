package io.confluent.csid.kafka.connect.k8s.e2e.kubelet;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Settings of the process kubelet.
 *
 * @param nodeName the Node it registers and whose pods it runs
 * @param workDir pod directories (volumes, termination logs) and container logs
 * @param images what each image runs
 * @param apiserverPort given to pods as KUBERNETES_SERVICE_PORT (host 127.0.0.1)
 * @param backoffBase first crash-loop delay, doubled per restart (Kubernetes: 10 s)
 * @param backoffMax cap of the crash-loop delay (Kubernetes: 5 min)
 * @param cpu allocatable CPU of the node (a quantity: "4", "1500m")
 * @param memory allocatable memory of the node ("16Gi")
 * @param maxPods allocatable pods
 */
public record KubeletOptions(
    String nodeName,
    Path workDir,
    ImageResolver images,
    int apiserverPort,
    Duration backoffBase,
    Duration backoffMax,
    String cpu,
    String memory,
    int maxPods) {

  public static KubeletOptions defaults(Path workDir, ImageResolver images, int apiserverPort) {
    return new KubeletOptions(
        "e2e-node",
        workDir,
        images,
        apiserverPort,
        Duration.ofSeconds(10),
        Duration.ofMinutes(5),
        "4",
        "16Gi",
        110);
  }

  public KubeletOptions withBackoff(Duration base, Duration max) {
    return new KubeletOptions(
        nodeName, workDir, images, apiserverPort, base, max, cpu, memory, maxPods);
  }

  public KubeletOptions withCapacity(String cpu, String memory, int maxPods) {
    return new KubeletOptions(
        nodeName, workDir, images, apiserverPort, backoffBase, backoffMax, cpu, memory, maxPods);
  }
}

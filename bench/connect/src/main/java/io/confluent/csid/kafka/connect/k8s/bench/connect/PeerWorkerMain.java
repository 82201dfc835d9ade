package io.confluent.csid.kafka.connect.k8s.bench.connect;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.connect.util.clusters.WorkerHandle;

/**
 * The peer: Kafka Connect distributed workers in their own JVM, started exactly as {@code
 * EmbeddedConnectCluster.addWorker()} starts each of its workers ({@code WorkerHandle.start}, i.e.
 * {@code new ConnectDistributed().startConnect(props)}), against the benchmark's shared broker.
 *
 * <p>{@code EmbeddedConnectCluster} itself cannot be used as is: in 4.3.1 its {@code startConnect}
 * overwrites {@code bootstrap.servers} with its own in-JVM KRaft cluster, which would give the peer
 * a second broker living inside its measured process. The worker settings it adds are set here
 * instead (REST on a free port, replication factor 1).
 *
 * <p>{@code PeerWorkerMain <worker.properties> <workers> <rest-url file>}; writes the first
 * worker's REST URL once all workers started, stops them on SIGTERM.
 */
public final class PeerWorkerMain {

  private PeerWorkerMain() {}

  public static void main(String[] args) throws Exception {
    Properties file = new Properties();
    try (Reader reader = Files.newBufferedReader(Path.of(args[0]))) {
      file.load(reader);
    }
    Map<String, String> props = new HashMap<>();
    file.stringPropertyNames().forEach(k -> props.put(k, file.getProperty(k)));
    props.put("listeners", "HTTP://localhost:0");
    int count = Integer.parseInt(args[1]);
    List<WorkerHandle> workers = new ArrayList<>();
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> workers.forEach(WorkerHandle::stop), "peer-stop"));
    for (int i = 0; i < count; i++) {
      workers.add(WorkerHandle.start("peer-worker-" + i, new HashMap<>(props)));
    }
    Path out = Path.of(args[2]);
    Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
    Files.writeString(
        tmp, workers.stream().map(w -> w.url().toString()).collect(Collectors.joining("\n")));
    Files.move(tmp, out);
    Thread.currentThread().join();
  }
}

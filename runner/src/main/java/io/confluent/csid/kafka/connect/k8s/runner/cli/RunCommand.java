package io.confluent.csid.kafka.connect.k8s.runner.cli;

import io.confluent.csid.kafka.connect.k8s.runner.BadInputException;
import io.confluent.csid.kafka.connect.k8s.runner.EmbeddedWorker;
import io.confluent.csid.kafka.connect.k8s.runner.LoggingLevels;
import io.confluent.csid.kafka.connect.k8s.runner.ProcessLifecycle;
import io.confluent.csid.kafka.connect.k8s.runner.RunnerStatus;
import io.confluent.csid.kafka.connect.k8s.runner.TargetStates;
import io.confluent.csid.kafka.connect.k8s.runner.WorkerProperties;
import io.confluent.csid.kafka.connect.k8s.runner.local.EmbeddedBrokerLauncher;
import io.confluent.csid.kafka.connect.k8s.runner.local.FirstRecords;
import io.confluent.csid.kafka.connect.k8s.runner.local.KafkaConnectorFile;
import io.confluent.csid.kafka.connect.k8s.runner.local.LocalConnector;
import io.confluent.csid.kafka.connect.k8s.runner.local.Progress;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.connect.runtime.TargetState;
import org.apache.kafka.connect.runtime.TopicStatus;
import org.apache.kafka.connect.util.FutureCallback;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Local mode: the KafkaConnector YAML a user would apply to a cluster, run in this one process,
 * connector and tasks together, against an embedded broker unless the worker config names one.
 */
@Command(
    name = "run",
    description =
        "Run a KafkaConnector YAML locally: the connector and all its tasks in this process.")
public class RunCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "<file.yaml>", description = "A KafkaConnector resource.")
  Path file;

  @Option(
      names = "--worker",
      paramLabel = "<worker.properties>",
      description = "Worker config. Without bootstrap.servers an embedded broker is started.")
  Path workerFile;

  @Option(
      names = "--plugin-path",
      split = ",",
      description = "Plugin directories, in addition to the connectors on the classpath.")
  List<Path> pluginPath = new ArrayList<>();

  @Option(
      names = "--max-records",
      description = "Stop once the tasks have processed this many records in total.")
  long maxRecords = -1;

  @Option(names = "--duration", description = "Stop after this many seconds.")
  long durationSeconds = -1;

  @Option(
      names = "--show",
      defaultValue = "5",
      description = "Print the first N records of the topics written, on exit (default 5).")
  int show;

  @Option(
      names = "--progress-interval",
      defaultValue = "5",
      description = "Seconds between progress lines (default 5).")
  long progressSeconds;

  @Inject ProcessLifecycle lifecycle;
  @Inject RunnerStatus status;
  @Inject Instance<EmbeddedBrokerLauncher> brokers;
  @Inject io.micrometer.core.instrument.MeterRegistry registry;

  @Override
  public Integer call() {
    Duration shutdown = Duration.ofSeconds(30);
    return lifecycle.run(Path.of("/dev/null"), shutdown, this::start);
  }

  private void start(Consumer<AutoCloseable> closer) throws Exception {
    KafkaConnectorFile connector = KafkaConnectorFile.read(file);
    LoggingLevels.apply(connector.loggingConfig());
    TargetState initial;
    try {
      initial = TargetStates.parse(connector.state());
    } catch (IllegalArgumentException e) {
      throw new BadInputException(file + ": " + e.getMessage());
    }
    Map<String, String> user =
        workerFile == null ? new TreeMap<>() : WorkerProperties.load(workerFile);
    if (user.getOrDefault(WorkerProperties.BOOTSTRAP_SERVERS, "").isBlank()) {
      if (!brokers.isResolvable()) {
        throw new BadInputException(
            "No bootstrap.servers given and this build has no embedded broker: pass --worker"
                + " with bootstrap.servers, or use connect-k8s-local");
      }
      Path dataDir = Files.createTempDirectory("connect-k8s-local-kafka");
      EmbeddedBrokerLauncher.Broker broker = brokers.get().start(dataDir);
      closer.accept(broker);
      System.out.println("Embedded Kafka broker (KRaft) listening on " + broker.bootstrapServers());
      user.put(WorkerProperties.BOOTSTRAP_SERVERS, broker.bootstrapServers());
      // A single broker cannot hold Connect's default replication factor of 3.
      user.putIfAbsent("offset.storage.replication.factor", "1");
      user.putIfAbsent("config.storage.replication.factor", "1");
      user.putIfAbsent("status.storage.replication.factor", "1");
      user.putIfAbsent("topic.creation.default.replication.factor", "1");
    }
    // Commit often so progress (and a restart after Ctrl-C) shows committed offsets quickly.
    user.putIfAbsent("offset.flush.interval.ms", "5000");
    Map<String, String> workerProps = WorkerProperties.forWorker(user, pluginPath);
    Map<String, String> config = new TreeMap<>(connector.connectorConfig());
    config.put("name", connector.name());

    EmbeddedWorker worker = EmbeddedWorker.create("local-" + connector.name(), workerProps);
    closer.accept(worker);
    Map<String, Object> clientProps = new HashMap<>(worker.config().originals());
    closer.accept(
        new FirstRecords(
            clientProps,
            () ->
                worker.statusStore().getAllTopics(connector.name()).stream()
                    .map(TopicStatus::topic)
                    .sorted()
                    .toList(),
            worker.isSink(config) ? 0 : show,
            System.out));
    // Closed after the connector and its tasks stopped (and committed): the final position.
    closer.accept(
        () ->
            System.out.printf(
                "[%s] committed offsets after stop: %s%n",
                connector.name(), committedOffsets(worker, connector.name(), config)));
    worker.validate(config);
    worker.start();
    closer.accept(
        new io.confluent.csid.kafka.connect.k8s.runner.ConnectMetricsBridge(
                registry, worker.worker().metrics().metrics())
            .start());

    LocalConnector local = new LocalConnector(worker, connector.name(), config, status);
    closer.accept(local);
    local.start(initial);
    System.out.printf(
        "Connector %s running with %d task(s); Ctrl-C stops it%n",
        connector.name(), local.taskCount());

    closer.accept(
        new Progress(
                worker.worker().metrics().metrics(),
                connector.name(),
                System.out,
                total -> {
                  if (maxRecords > 0 && total >= maxRecords) {
                    lifecycle.requestStop(total + " records processed (--max-records)");
                  }
                },
                () -> committedOffsets(worker, connector.name(), config))
            .start(TimeUnit.SECONDS.toMillis(Math.max(1, progressSeconds))));
    if (durationSeconds > 0) {
      Thread timer =
          new Thread(
              () -> {
                try {
                  Thread.sleep(TimeUnit.SECONDS.toMillis(durationSeconds));
                  lifecycle.requestStop(durationSeconds + "s elapsed (--duration)");
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "local-duration");
      timer.setDaemon(true);
      timer.start();
    }
  }

  private static String committedOffsets(
      EmbeddedWorker worker, String name, Map<String, String> config) {
    FutureCallback<org.apache.kafka.connect.runtime.rest.entities.ConnectorOffsets> cb =
        new FutureCallback<>();
    try {
      worker.worker().connectorOffsets(name, config, cb);
      List<String> offsets =
          cb.get(5, TimeUnit.SECONDS).offsets().stream()
              .map(o -> o.partition() + " -> " + o.offset())
              .toList();
      return offsets.isEmpty() ? "none yet" : offsets.toString();
    } catch (Exception e) {
      return "(not available: " + e.getClass().getSimpleName() + ")";
    }
  }
}

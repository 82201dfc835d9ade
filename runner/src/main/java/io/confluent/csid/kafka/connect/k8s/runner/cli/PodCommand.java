package io.confluent.csid.kafka.connect.k8s.runner.cli;

import io.confluent.csid.kafka.connect.k8s.runner.BadInputException;
import io.confluent.csid.kafka.connect.k8s.runner.ConfigMapTargetState;
import io.confluent.csid.kafka.connect.k8s.runner.ConnectMetricsBridge;
import io.confluent.csid.kafka.connect.k8s.runner.EmbeddedWorker;
import io.confluent.csid.kafka.connect.k8s.runner.LoggingLevels;
import io.confluent.csid.kafka.connect.k8s.runner.PodContract;
import io.confluent.csid.kafka.connect.k8s.runner.ProcessLifecycle;
import io.confluent.csid.kafka.connect.k8s.runner.RunnerSettings;
import io.confluent.csid.kafka.connect.k8s.runner.RunnerStatus;
import io.confluent.csid.kafka.connect.k8s.runner.TaskConfigs;
import io.confluent.csid.kafka.connect.k8s.runner.WorkerProperties;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * What the connector pod and the task pods have in common: the same inputs read the same way, the
 * same target-state signal, one started Worker with its metrics, and the same exit-code lifecycle.
 * Subclasses only start what is theirs on that Worker.
 */
abstract class PodCommand implements Callable<Integer> {

  private static final Logger LOG = Logger.getLogger(PodCommand.class);

  @Inject ProcessLifecycle lifecycle;
  @Inject RunnerStatus status;
  @Inject Instance<KubernetesClient> kubernetes;
  @Inject MeterRegistry registry;

  /** Everything a pod has read and started before its connector or task runs. */
  record PodInputs(
      RunnerSettings settings,
      String name,
      String namespace,
      Map<String, String> workerProps,
      Map<String, String> connectorConfig,
      KubernetesClient client,
      ConfigMapTargetState targetState) {}

  @Override
  public Integer call() {
    RunnerSettings settings;
    try {
      settings = Settings.load();
    } catch (BadInputException e) {
      LOG.error(e.getMessage());
      return PodContract.EXIT_BAD_INPUT;
    }
    return lifecycle.run(
        settings.terminationLog(),
        settings.shutdownTimeout(),
        closer -> start(readInputs(settings, closer), closer));
  }

  /** Starts this pod's part (the connector, or one task) once the inputs are read. */
  abstract void start(PodInputs inputs, Consumer<AutoCloseable> closer) throws Exception;

  private PodInputs readInputs(RunnerSettings settings, Consumer<AutoCloseable> closer) {
    String name = settings.requireConnectorName();
    LoggingLevels.applyFile(settings.loggingConfig());
    Map<String, String> workerProps =
        WorkerProperties.forWorker(
            WorkerProperties.load(settings.workerConfig()), settings.pluginDirs());
    Map<String, String> connectorConfig =
        new TreeMap<>(TaskConfigs.read(settings.connectorConfig(), "Connector config"));
    connectorConfig.put("name", name);

    KubernetesClient client = kubernetes.get();
    String namespace = settings.podNamespace().orElse(client.getNamespace());
    if (namespace == null) {
      throw new BadInputException(PodContract.ENV_POD_NAMESPACE + " is not set");
    }
    ConfigMapTargetState targetState =
        new ConfigMapTargetState(client, namespace, name, settings.statePollInterval());
    closer.accept(targetState);
    return new PodInputs(
        settings, name, namespace, workerProps, connectorConfig, client, targetState);
  }

  /** Creates and starts the Worker, with Connect's metrics exported, closed with the process. */
  EmbeddedWorker startWorker(
      String workerId, PodInputs inputs, Consumer<AutoCloseable> closer, boolean validateFirst)
      throws Exception {
    EmbeddedWorker worker = EmbeddedWorker.create(workerId, inputs.workerProps());
    closer.accept(worker);
    if (validateFirst) {
      worker.validate(inputs.connectorConfig());
    }
    worker.start();
    closer.accept(new ConnectMetricsBridge(registry, worker.worker().metrics().metrics()).start());
    return worker;
  }
}

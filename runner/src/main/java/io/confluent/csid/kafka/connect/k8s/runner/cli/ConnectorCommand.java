package io.confluent.csid.kafka.connect.k8s.runner.cli;

import io.confluent.csid.kafka.connect.k8s.runner.BadInputException;
import io.confluent.csid.kafka.connect.k8s.runner.ConfigMapTargetState;
import io.confluent.csid.kafka.connect.k8s.runner.ConnectMetricsBridge;
import io.confluent.csid.kafka.connect.k8s.runner.ConnectorProcess;
import io.confluent.csid.kafka.connect.k8s.runner.EmbeddedWorker;
import io.confluent.csid.kafka.connect.k8s.runner.LoggingLevels;
import io.confluent.csid.kafka.connect.k8s.runner.PodContract;
import io.confluent.csid.kafka.connect.k8s.runner.ProcessLifecycle;
import io.confluent.csid.kafka.connect.k8s.runner.RunnerSettings;
import io.confluent.csid.kafka.connect.k8s.runner.RunnerStatus;
import io.confluent.csid.kafka.connect.k8s.runner.SecretTaskConfigPublisher;
import io.confluent.csid.kafka.connect.k8s.runner.TaskConfigs;
import io.confluent.csid.kafka.connect.k8s.runner.WorkerProperties;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.kafka.connect.runtime.TargetState;
import org.jboss.logging.Logger;
import picocli.CommandLine.Command;

/**
 * The connector pod: validates the config, starts the connector and publishes its task configs into
 * the Secret {@code <name>-tasks}, again whenever the connector asks for a reconfiguration.
 */
@Command(
    name = PodContract.CONNECTOR_COMMAND,
    description = "Run the connector (not its tasks) and publish its task configs.")
public class ConnectorCommand implements Callable<Integer> {

  private static final Logger LOG = Logger.getLogger(ConnectorCommand.class);

  @Inject ProcessLifecycle lifecycle;
  @Inject RunnerStatus status;
  @Inject Instance<KubernetesClient> kubernetes;
  @Inject MeterRegistry registry;

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
        settings.terminationLog(), settings.shutdownTimeout(), closer -> start(settings, closer));
  }

  private void start(RunnerSettings settings, java.util.function.Consumer<AutoCloseable> closer)
      throws Exception {
    String name = settings.requireConnectorName();
    String hash =
        settings
            .configHash()
            .orElseThrow(() -> new BadInputException(PodContract.ENV_CONFIG_HASH + " is not set"));
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

    EmbeddedWorker worker =
        EmbeddedWorker.create(settings.podName().orElse(name + "-connector"), workerProps);
    closer.accept(worker);
    worker.validate(connectorConfig);
    worker.start();
    closer.accept(new ConnectMetricsBridge(registry, worker.worker().metrics().metrics()).start());

    ConnectorProcess process =
        new ConnectorProcess(
            worker,
            name,
            connectorConfig,
            new SecretTaskConfigPublisher(client, namespace, name, hash),
            status);
    closer.accept(process);
    TargetState initial = targetState.initial();
    process.start(initial);
    targetState.start(process::setTargetState);
  }
}

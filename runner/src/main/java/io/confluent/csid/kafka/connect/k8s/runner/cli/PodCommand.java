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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.apache.kafka.connect.runtime.TargetState;
import org.jboss.logging.Logger;

/**
 * What the connector pod and the task pods have in common: the same inputs read the same way, the
 * same target-state signal, one started Worker with its metrics, and the same exit-code lifecycle.
 * Subclasses only start what is theirs on that Worker.
 */
abstract class PodCommand implements Callable<Integer> {

  private static final Logger LOG = Logger.getLogger(PodCommand.class);

  /** One daemon thread, used once per process: it must never keep a stopping process alive. */
  private static final Executor API_STARTER =
      command -> {
        Thread thread = new Thread(command, "api-start");
        thread.setDaemon(true);
        thread.start();
      };

  @Inject ProcessLifecycle lifecycle;
  @Inject RunnerStatus status;
  @Inject Instance<KubernetesClient> kubernetes;
  @Inject MeterRegistry registry;

  /** Everything a pod has read and started before its connector or task runs. */
  record PodInputs(
      RunnerSettings settings,
      String name,
      Map<String, String> workerProps,
      Map<String, String> connectorConfig,
      CompletableFuture<ApiSide> apiSide) {

    /** The API side, waiting for it if it is still starting; its bad input stays bad input. */
    ApiSide api() {
      try {
        return apiSide.join();
      } catch (CompletionException e) {
        if (e.getCause() instanceof RuntimeException cause) {
          throw cause;
        }
        throw e;
      }
    }

    KubernetesClient client() {
      return api().client();
    }

    String namespace() {
      return api().namespace();
    }

    ConfigMapTargetState targetState() {
      return api().targetState();
    }

    /** The target state the pod starts in, read once while the Worker was being built. */
    TargetState initialState() {
      return api().initialState();
    }
  }

  /** The pod's Kubernetes side: its API client, namespace and target-state signal. */
  record ApiSide(
      KubernetesClient client,
      String namespace,
      ConfigMapTargetState targetState,
      TargetState initialState) {}

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

    // Starting the API client (classes, TLS: about a second) and reading the target state do not
    // need the Worker, and building the Worker (plugin scan, cluster-id lookup) does not need
    // them: the two overlap instead of adding up (bench/run-connect.sh startup found 1.6 s of a
    // task pod's start-up spent here before the Worker was even created).
    CompletableFuture<ApiSide> apiSide =
        CompletableFuture.supplyAsync(() -> connectApi(settings, name), API_STARTER);
    closer.accept(
        () -> {
          ApiSide api = apiSide.exceptionally(e -> null).join();
          if (api != null) {
            api.targetState().close();
          }
        });
    return new PodInputs(settings, name, workerProps, connectorConfig, apiSide);
  }

  private ApiSide connectApi(RunnerSettings settings, String name) {
    KubernetesClient client = kubernetes.get();
    String namespace = settings.podNamespace().orElse(client.getNamespace());
    if (namespace == null) {
      throw new BadInputException(PodContract.ENV_POD_NAMESPACE + " is not set");
    }
    ConfigMapTargetState targetState =
        new ConfigMapTargetState(client, namespace, name, settings.statePollInterval());
    return new ApiSide(client, namespace, targetState, targetState.initial());
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

package io.confluent.csid.kafka.connect.k8s.runner;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.runtime.AbstractHerder;
import org.apache.kafka.connect.runtime.AbstractStatus;
import org.apache.kafka.connect.runtime.CloseableConnectorContext;
import org.apache.kafka.connect.runtime.ConnectorStatus;
import org.apache.kafka.connect.runtime.TargetState;
import org.apache.kafka.connect.storage.ClusterConfigState;
import org.apache.kafka.connect.util.FutureCallback;
import org.jboss.logging.Logger;

/**
 * Runs the connector itself (never its tasks): starts it, asks it for task configs, and publishes
 * them again whenever the connector calls {@code requestTaskReconfiguration()}, without a restart.
 */
public final class ConnectorProcess implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(ConnectorProcess.class);

  private final EmbeddedWorker worker;
  private final String name;
  private final Map<String, String> rawConfig;
  private final TaskConfigPublisher publisher;
  private final RunnerStatus status;
  private final ExecutorService reconfigurer;
  private Map<String, String> resolvedConfig;
  private List<Map<String, String>> published;

  public ConnectorProcess(
      EmbeddedWorker worker,
      String name,
      Map<String, String> rawConfig,
      TaskConfigPublisher publisher,
      RunnerStatus status) {
    this.worker = worker;
    this.name = name;
    this.rawConfig = Map.copyOf(rawConfig);
    this.publisher = publisher;
    this.status = status;
    this.reconfigurer =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "connector-task-configs");
              t.setDaemon(true);
              return t;
            });
  }

  /** Starts the connector and publishes its first task configs. */
  public void start(TargetState initialState) throws Exception {
    resolvedConfig = worker.resolve(name, rawConfig);
    FutureCallback<TargetState> started = new FutureCallback<>();
    worker
        .worker()
        .startConnector(name, resolvedConfig, new Context(), new Listener(), initialState, started);
    started.get(120, TimeUnit.SECONDS);
    reconfigure();
  }

  /** Recomputes the task configs and publishes them when they differ from the last ones. */
  public synchronized void reconfigure() {
    if (!worker.worker().isRunning(name)) {
      LOG.debugf("Connector %s is not running: task configs not recomputed", name);
      return;
    }
    List<Map<String, String>> configs =
        worker.worker().connectorTaskConfigs(name, worker.connectorConfig(name, resolvedConfig));
    // Put the ${provider:...} references back so resolved passwords never land in the Secret.
    List<Map<String, String>> raw = AbstractHerder.reverseTransform(name, configState(), configs);
    if (raw.equals(published)) {
      LOG.debugf("Task configs of %s unchanged", name);
      return;
    }
    publisher.publish(raw);
    published = raw;
    LOG.infof("Connector %s has %d task config(s)", name, raw.size());
  }

  public List<Map<String, String>> published() {
    return published;
  }

  public void setTargetState(TargetState state) {
    worker.worker().setTargetState(name, state, (error, result) -> {});
    if (state == TargetState.STARTED) {
      reconfigurer.execute(this::reconfigureOrFail);
    }
  }

  private void reconfigureOrFail() {
    try {
      reconfigure();
    } catch (RuntimeException e) {
      status.fail(
          "Connector " + name + " could not publish task configs: " + TerminationMessage.reason(e),
          e);
    }
  }

  private ClusterConfigState configState() {
    return new ClusterConfigState(
        ClusterConfigState.NO_OFFSET,
        null,
        Map.of(name, 0),
        Map.of(name, rawConfig),
        Map.of(name, TargetState.STARTED),
        Map.of(),
        Map.of(),
        Map.of(),
        Map.of(),
        Set.of(),
        Set.of());
  }

  @Override
  public void close() {
    reconfigurer.shutdownNow();
    worker.worker().stopAndAwaitConnector(name);
  }

  /** The connector's view of its herder: here, this process. */
  private final class Context implements CloseableConnectorContext {
    private final PluginMetricsImpl metrics =
        worker.worker().metrics().connectorPluginMetrics(name);

    @Override
    public void requestTaskReconfiguration() {
      LOG.infof("Connector %s requested task reconfiguration", name);
      reconfigurer.execute(ConnectorProcess.this::reconfigureOrFail);
    }

    @Override
    public void raiseError(Exception e) {
      status.fail("Connector " + name + " raised an error: " + TerminationMessage.reason(e), e);
    }

    @Override
    public PluginMetrics pluginMetrics() {
      return metrics;
    }

    @Override
    public void close() {
      try {
        metrics.close();
      } catch (java.io.IOException e) {
        throw new ConnectException(e);
      }
    }
  }

  /** Also records states in the Worker's status store, which Connect's metrics read. */
  private final class Listener implements ConnectorStatus.Listener {
    private void record(String connector, AbstractStatus.State state, String trace) {
      worker
          .statusStore()
          .put(new ConnectorStatus(connector, state, trace, worker.workerId(), 0, null));
    }

    @Override
    public void onStartup(String connector) {
      record(connector, AbstractStatus.State.RUNNING, null);
      status.set(RunnerStatus.State.RUNNING);
    }

    @Override
    public void onResume(String connector) {
      record(connector, AbstractStatus.State.RUNNING, null);
      status.set(RunnerStatus.State.RUNNING);
    }

    @Override
    public void onPause(String connector) {
      record(connector, AbstractStatus.State.PAUSED, null);
      status.set(RunnerStatus.State.PAUSED);
    }

    @Override
    public void onStop(String connector) {
      record(connector, AbstractStatus.State.STOPPED, null);
      status.set(RunnerStatus.State.STOPPED);
    }

    @Override
    public void onFailure(String connector, Throwable cause) {
      record(connector, AbstractStatus.State.FAILED, TerminationMessage.reason(cause));
      status.fail("Connector " + connector + " failed: " + TerminationMessage.reason(cause), cause);
    }

    @Override
    public void onShutdown(String connector) {}

    @Override
    public void onDeletion(String connector) {}

    @Override
    public void onRestart(String connector) {}
  }
}

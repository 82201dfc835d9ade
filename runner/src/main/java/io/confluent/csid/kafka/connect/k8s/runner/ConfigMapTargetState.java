package io.confluent.csid.kafka.connect.k8s.runner;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.connect.runtime.TargetState;
import org.jboss.logging.Logger;

/**
 * Follows the target state in ConfigMap {@code <name>-state}: a watch on that one name (so the pod
 * needs no list right on other ConfigMaps), falling back to a GET every few seconds when the watch
 * is refused or closes. A missing object or key means running.
 */
public final class ConfigMapTargetState implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(ConfigMapTargetState.class);

  private final KubernetesClient client;
  private final String namespace;
  private final String configMapName;
  private final Duration pollInterval;
  private final ScheduledExecutorService poller =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "target-state-poll");
            t.setDaemon(true);
            return t;
          });
  private volatile Consumer<TargetState> onChange;
  private volatile TargetState current;
  private volatile Watch watch;
  private volatile boolean polling;

  public ConfigMapTargetState(
      KubernetesClient client, String namespace, String connectorName, Duration pollInterval) {
    this.client = client;
    this.namespace = namespace;
    this.configMapName = PodContract.stateConfigMapName(connectorName);
    this.pollInterval = pollInterval;
  }

  /** Reads the current state once (the process starts in it) without notifying. */
  public TargetState initial() {
    try {
      current = read();
    } catch (RuntimeException e) {
      LOG.warnf(
          "Cannot read ConfigMap %s/%s (%s): starting as running",
          namespace, configMapName, e.getMessage());
      current = TargetState.STARTED;
    }
    return current;
  }

  public void start(Consumer<TargetState> listener) {
    this.onChange = listener;
    try {
      watch =
          client
              .configMaps()
              .inNamespace(namespace)
              .withName(configMapName)
              .watch(
                  new Watcher<>() {
                    @Override
                    public void eventReceived(Action action, ConfigMap resource) {
                      apply(action == Action.DELETED ? null : resource);
                    }

                    @Override
                    public void onClose(WatcherException cause) {
                      LOG.infof(
                          "Watch on %s closed (%s): polling", configMapName, cause.getMessage());
                      startPolling();
                    }
                  });
      // The state may have changed between initial() and the watch starting.
      poller.execute(this::pollOnce);
    } catch (RuntimeException e) {
      LOG.infof(
          "Cannot watch ConfigMap %s/%s (%s): polling", namespace, configMapName, e.getMessage());
      startPolling();
    }
  }

  private synchronized void startPolling() {
    if (!polling) {
      polling = true;
      poller.scheduleWithFixedDelay(
          this::pollOnce, 0, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void pollOnce() {
    try {
      apply(client.configMaps().inNamespace(namespace).withName(configMapName).get());
    } catch (RuntimeException e) {
      LOG.debugf("Cannot read ConfigMap %s: %s", configMapName, e.getMessage());
    }
  }

  private TargetState read() {
    ConfigMap map = client.configMaps().inNamespace(namespace).withName(configMapName).get();
    return parse(map);
  }

  private static TargetState parse(ConfigMap map) {
    String value =
        map == null || map.getData() == null ? null : map.getData().get(PodContract.STATE_KEY);
    return TargetStates.parse(value);
  }

  private synchronized void apply(ConfigMap map) {
    TargetState next;
    try {
      next = parse(map);
    } catch (IllegalArgumentException e) {
      LOG.warn(e.getMessage() + ": keeping " + current);
      return;
    }
    if (!Objects.equals(next, current)) {
      LOG.infof("Target state %s -> %s", current, next);
      current = next;
      Consumer<TargetState> listener = onChange;
      if (listener != null) {
        listener.accept(next);
      }
    }
  }

  @Override
  public void close() {
    poller.shutdownNow();
    Watch w = watch;
    if (w != null) {
      w.close();
    }
  }
}

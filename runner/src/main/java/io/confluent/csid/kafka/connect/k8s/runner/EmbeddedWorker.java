package io.confluent.csid.kafka.connect.k8s.runner;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.connect.connector.policy.ConnectorClientConfigOverridePolicy;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.json.JsonConverterConfig;
import org.apache.kafka.connect.runtime.ConnectorConfig;
import org.apache.kafka.connect.runtime.SinkConnectorConfig;
import org.apache.kafka.connect.runtime.SourceConnectorConfig;
import org.apache.kafka.connect.runtime.Worker;
import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.runtime.distributed.DistributedConfig;
import org.apache.kafka.connect.runtime.isolation.PluginDesc;
import org.apache.kafka.connect.runtime.isolation.Plugins;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfo;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.apache.kafka.connect.runtime.standalone.StandaloneHerder;
import org.apache.kafka.connect.storage.KafkaOffsetBackingStore;
import org.apache.kafka.connect.storage.StatusBackingStore;
import org.apache.kafka.connect.util.ConnectUtils;
import org.apache.kafka.connect.util.FutureCallback;
import org.apache.kafka.connect.util.SharedTopicAdmin;
import org.jboss.logging.Logger;

/**
 * One connect-runtime {@link Worker} without a Connect cluster: the thin adapter the connector and
 * task processes share. Offsets use the standard Kafka offsets topic, so they are interchangeable
 * with a distributed Connect cluster's.
 */
public final class EmbeddedWorker implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(EmbeddedWorker.class);

  private final Plugins plugins;
  private final DistributedConfig config;
  private final SharedTopicAdmin sharedAdmin;
  private final Worker worker;
  private final StandaloneHerder herder;
  private boolean started;

  private EmbeddedWorker(
      Plugins plugins,
      DistributedConfig config,
      SharedTopicAdmin sharedAdmin,
      Worker worker,
      StandaloneHerder herder) {
    this.plugins = plugins;
    this.config = config;
    this.sharedAdmin = sharedAdmin;
    this.worker = worker;
    this.herder = herder;
  }

  /** Builds the Worker; the constructor looks the Kafka cluster id up, so a broker must answer. */
  public static EmbeddedWorker create(String workerId, Map<String, String> workerProps) {
    Plugins plugins = new Plugins(workerProps);
    plugins.compareAndSwapWithDelegatingLoader();
    DistributedConfig config;
    try {
      config = new DistributedConfig(workerProps);
    } catch (org.apache.kafka.common.config.ConfigException e) {
      throw new BadInputException("Invalid worker config: " + e.getMessage(), e);
    }
    String clusterId = config.kafkaClusterId();
    String clientIdBase = ConnectUtils.clientIdBase(config);
    Map<String, Object> adminProps = new HashMap<>(config.originals());
    ConnectUtils.addMetricsContextProperties(adminProps, config, clusterId);
    adminProps.put(AdminClientConfig.CLIENT_ID_CONFIG, clientIdBase + "shared-admin");
    SharedTopicAdmin sharedAdmin = new SharedTopicAdmin(adminProps);
    KafkaOffsetBackingStore offsets =
        new KafkaOffsetBackingStore(
            sharedAdmin,
            () -> clientIdBase,
            plugins.newInternalConverter(
                true,
                JsonConverter.class.getName(),
                Map.of(JsonConverterConfig.SCHEMAS_ENABLE_CONFIG, "false")));
    offsets.configure(config);
    ConnectorClientConfigOverridePolicy policy =
        plugins.newPlugin(
            config.getString(WorkerConfig.CONNECTOR_CLIENT_POLICY_CLASS_CONFIG),
            config,
            ConnectorClientConfigOverridePolicy.class);
    Worker worker =
        new Worker(
            workerId, org.apache.kafka.common.utils.Time.SYSTEM, plugins, config, offsets, policy);
    // Never started: constructing any AbstractHerder is what hands the Worker its status store
    // (topic tracking, task status) and gives us Connect's own config validation.
    StandaloneHerder herder = new StandaloneHerder(worker, clusterId, policy);
    return new EmbeddedWorker(plugins, config, sharedAdmin, worker, herder);
  }

  public void start() {
    worker.start();
    started = true;
  }

  public Worker worker() {
    return worker;
  }

  public Plugins plugins() {
    return plugins;
  }

  public DistributedConfig config() {
    return config;
  }

  public StatusBackingStore statusStore() {
    return herder.statusBackingStore();
  }

  public String workerId() {
    return worker.workerId();
  }

  /** A task listener that also keeps the Worker's status store current, as a herder would. */
  public TaskStatusListener taskListener(RunnerStatus status) {
    return new TaskStatusListener(status, statusStore(), workerId());
  }

  /**
   * Validates like Connect's REST API does ({@code PUT /connector-plugins/.../config/validate}):
   * the connector's own {@code validate()}, converters, SMTs, predicates, client overrides.
   *
   * @throws BadInputException listing every invalid field
   */
  public void validate(Map<String, String> connectorConfig) {
    // Checked first: Connect's own message for an unknown class lists every plugin with its
    // location, which buries the one fact the status line needs.
    isSink(connectorConfig);
    FutureCallback<ConfigInfos> cb = new FutureCallback<>();
    herder.validateConnectorConfig(connectorConfig, cb, false);
    ConfigInfos infos;
    try {
      infos = cb.get(120, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new BadInputException("Invalid connector config: " + cause.getMessage(), cause);
    } catch (InterruptedException | TimeoutException e) {
      throw new ConnectException("Connector config validation did not finish", e);
    }
    if (infos.errorCount() == 0) {
      return;
    }
    List<String> problems = new ArrayList<>();
    for (ConfigInfo info : infos.configs()) {
      if (info.configValue() != null && !info.configValue().errors().isEmpty()) {
        problems.add(
            info.configValue().name() + ": " + String.join("; ", info.configValue().errors()));
      }
    }
    throw new BadInputException(
        "Invalid connector config ("
            + infos.errorCount()
            + " error(s)) for "
            + infos.name()
            + ": "
            + String.join(" | ", problems));
  }

  /** Whether the config's connector.class is a sink; works without a running connector. */
  public boolean isSink(Map<String, String> connectorConfig) {
    String className = connectorConfig.get(ConnectorConfig.CONNECTOR_CLASS_CONFIG);
    if (className == null || className.isBlank()) {
      throw new BadInputException(
          "Connector config has no " + ConnectorConfig.CONNECTOR_CLASS_CONFIG);
    }
    try {
      return org.apache.kafka.connect.sink.SinkConnector.class.isAssignableFrom(
          plugins.connectorClass(className));
    } catch (ConnectException e) {
      throw new BadInputException(
          "Unknown connector class "
              + className
              + "; connectors installed: "
              + String.join(", ", installedConnectors()),
          e);
    }
  }

  private List<String> installedConnectors() {
    return plugins.connectors().stream().map(PluginDesc::className).distinct().sorted().toList();
  }

  /** Connect's typed view of a connector config, sink or source. */
  public ConnectorConfig connectorConfig(String connectorName, Map<String, String> resolved) {
    return isSink(resolved)
        ? new SinkConnectorConfig(plugins, resolved)
        : new SourceConnectorConfig(plugins, resolved, worker.isTopicCreationEnabled());
  }

  public Map<String, String> resolve(String connectorName, Map<String, String> raw) {
    return worker.configTransformer().transform(connectorName, raw);
  }

  @Override
  public void close() {
    try {
      if (started) {
        // Stops tasks (committing offsets), connectors and the offset store.
        worker.stop();
      }
    } catch (RuntimeException e) {
      LOG.warn("Worker did not stop cleanly", e);
    } finally {
      // The offset store does not close the admin client it was given.
      sharedAdmin.close();
    }
  }
}

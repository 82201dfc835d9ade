package io.confluent.csid.kafka.connect.k8s.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import java.util.ArrayList;
import java.util.List;

/** What the user asks for: the connector's config, where its worker config lives, its pods. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class KafkaConnectorSpec {

  @JsonPropertyDescription(
      "The connector's own configuration, exactly as it would be POSTed to a Connect worker's"
          + " REST API: a map of string keys to string values. `connector.class` is required;"
          + " `tasks.max` (default 1) is the most task pods the connector may ask for."
          + " Values may reference config providers declared in the worker config, for example"
          + " ${file:/path:key}, so that passwords need not appear here.")
  @Required
  @PreserveUnknownFields
  @SchemaFrom(type = ConnectorConfigSchema.class)
  private ConnectorConfig connectorConfig;

  @JsonPropertyDescription(
      "The Secret holding the Kafka Connect worker properties (bootstrap.servers, security,"
          + " converters, offset storage topic, ...) shared by the connector pod and the task"
          + " pods. It is mounted read-only into every pod of this connector.")
  @Required
  private SecretKeyReference workerConfigSecret;

  @JsonPropertyDescription(
      "Desired state of the connector: `running` (default), `paused` (tasks stay up but stop"
          + " processing records) or `stopped` (all pods scaled to zero and published task"
          + " configs removed; offsets are kept, so resuming continues where it stopped).")
  private TargetState state;

  @JsonPropertyDescription(
      "Image and compute resources of the connector pod (the one pod that starts the connector"
          + " and computes task configs). The image defaults to the operator's runner image.")
  private PodResources connector;

  @JsonPropertyDescription(
      "Image and compute resources of each task pod (one pod per task config). The image"
          + " defaults to the operator's runner image.")
  private PodResources task;

  @JsonPropertyDescription(
      "Image pull policy for the connector and task containers: Always, IfNotPresent or Never."
          + " Defaults to Kubernetes' own default for the image tag.")
  private ImagePullPolicy imagePullPolicy;

  @JsonPropertyDescription(
      "Secrets in this namespace used to pull the connector and task images from a private"
          + " registry.")
  private List<LocalObjectReference> imagePullSecrets = new ArrayList<>();

  @JsonPropertyDescription(
      "Connector plugins installed when a pod starts, before the runner starts (docs/plugins.md)."
          + " Each entry is a Confluent Hub coordinate owner/name:version (for example"
          + " confluentinc/kafka-connect-datagen:0.5.3), a Maven coordinate"
          + " group:artifact:version[:classifier[:type]], or an https:// URL to a .zip, .tar.gz,"
          + " .tgz or .jar. Plugins already in the image need not be listed.")
  private List<String> downloadPlugins = new ArrayList<>();

  @JsonPropertyDescription(
      "Connector plugins installed like downloadPlugins, with a directory name, exactly one"
          + " source (hub, maven or url) and optionally the SHA-512 the download must have.")
  private List<PluginSpec> plugins = new ArrayList<>();

  @JsonPropertyDescription(
      "Allow plugin downloads over plain http (default false: https only). Only for trusted"
          + " networks, such as a mirror inside the cluster; pin sha512 when you use it.")
  private Boolean allowInsecurePluginDownloads;

  @JsonPropertyDescription(
      "Log levels for the connector and task processes. Applied at start-up of each pod.")
  private LoggingConfig loggingConfig;

  @JsonPropertyDescription(
      "Ports the task pods listen on, for listening connectors (syslog, HTTP, ...). When set, a"
          + " Service named like the KafkaConnector spreads connections over all task pods.")
  private List<ConnectorPort> ports = new ArrayList<>();

  @JsonPropertyDescription(
      "Type of the Service in front of the task pods when ports are set: ClusterIP (default),"
          + " NodePort or LoadBalancer.")
  @Pattern("^(ClusterIP|NodePort|LoadBalancer)$")
  private String serviceType;

  @JsonPropertyDescription(
      "Customisations of the connector pod and task pods: labels, annotations, scheduling"
          + " (nodeSelector, affinity, tolerations, topologySpreadConstraints,"
          + " priorityClassName), extra environment variables, volumes and mounts.")
  private PodTemplate template;

  public ConnectorConfig getConnectorConfig() {
    return connectorConfig;
  }

  public void setConnectorConfig(ConnectorConfig connectorConfig) {
    this.connectorConfig = connectorConfig;
  }

  public SecretKeyReference getWorkerConfigSecret() {
    return workerConfigSecret;
  }

  public void setWorkerConfigSecret(SecretKeyReference workerConfigSecret) {
    this.workerConfigSecret = workerConfigSecret;
  }

  public TargetState getState() {
    return state;
  }

  public void setState(TargetState state) {
    this.state = state;
  }

  public PodResources getConnector() {
    return connector;
  }

  public void setConnector(PodResources connector) {
    this.connector = connector;
  }

  public PodResources getTask() {
    return task;
  }

  public void setTask(PodResources task) {
    this.task = task;
  }

  public ImagePullPolicy getImagePullPolicy() {
    return imagePullPolicy;
  }

  public void setImagePullPolicy(ImagePullPolicy imagePullPolicy) {
    this.imagePullPolicy = imagePullPolicy;
  }

  public List<LocalObjectReference> getImagePullSecrets() {
    return imagePullSecrets;
  }

  public void setImagePullSecrets(List<LocalObjectReference> imagePullSecrets) {
    this.imagePullSecrets = imagePullSecrets;
  }

  public List<String> getDownloadPlugins() {
    return downloadPlugins;
  }

  public void setDownloadPlugins(List<String> downloadPlugins) {
    this.downloadPlugins = downloadPlugins;
  }

  public List<PluginSpec> getPlugins() {
    return plugins;
  }

  public void setPlugins(List<PluginSpec> plugins) {
    this.plugins = plugins;
  }

  public Boolean getAllowInsecurePluginDownloads() {
    return allowInsecurePluginDownloads;
  }

  public void setAllowInsecurePluginDownloads(Boolean allowInsecurePluginDownloads) {
    this.allowInsecurePluginDownloads = allowInsecurePluginDownloads;
  }

  /** Whether the pods get the plugins init container and volume. */
  public boolean installsPlugins() {
    return !downloadPlugins.isEmpty() || (plugins != null && !plugins.isEmpty());
  }

  public List<ConnectorPort> getPorts() {
    return ports;
  }

  public void setPorts(List<ConnectorPort> ports) {
    this.ports = ports;
  }

  public String getServiceType() {
    return serviceType;
  }

  public void setServiceType(String serviceType) {
    this.serviceType = serviceType;
  }

  public PodTemplate getTemplate() {
    return template;
  }

  public void setTemplate(PodTemplate template) {
    this.template = template;
  }

  public LoggingConfig getLoggingConfig() {
    return loggingConfig;
  }

  public void setLoggingConfig(LoggingConfig loggingConfig) {
    this.loggingConfig = loggingConfig;
  }
}

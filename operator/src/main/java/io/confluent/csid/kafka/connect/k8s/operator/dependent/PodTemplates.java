package io.confluent.csid.kafka.connect.k8s.operator.dependent;

import static io.confluent.csid.kafka.connect.k8s.operator.contract.RunnerContract.*;

import io.confluent.csid.kafka.connect.k8s.operator.config.OperatorConfig;
import io.confluent.csid.kafka.connect.k8s.operator.crd.ConnectorPort;
import io.confluent.csid.kafka.connect.k8s.operator.crd.KafkaConnector;
import io.confluent.csid.kafka.connect.k8s.operator.crd.KafkaConnectorSpec;
import io.confluent.csid.kafka.connect.k8s.operator.crd.PodResources;
import io.confluent.csid.kafka.connect.k8s.operator.crd.PodTemplate;
import io.confluent.csid.kafka.connect.k8s.operator.labels.Labels;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The pod template of the connector pod and of the task pods: a pure function of its inputs. */
public final class PodTemplates {

  /** Pod-template annotations: a change of any of them rolls the pods. */
  public static final String CONFIG_HASH = CONFIG_HASH_ANNOTATION;

  public static final String LOGGING_HASH = "connect-k8s.io/logging-hash";
  public static final String TASK_CONFIGS_HASH = "connect-k8s.io/task-configs-hash";

  public static final String CONTAINER_NAME = "runner";
  public static final String HTTP_PORT_NAME = "runner";

  /** A fixed non-root id, so that runAsNonRoot holds whatever USER the image declares. */
  public static final long RUN_AS_USER = 1001L;

  private PodTemplates() {}

  /**
   * @param component {@link Labels#COMPONENT_CONNECTOR} or {@link Labels#COMPONENT_TASK}
   */
  public static PodTemplateSpec build(
      KafkaConnector connector, OperatorConfig config, DesiredInputs inputs, String component) {
    boolean task = Labels.COMPONENT_TASK.equals(component);
    KafkaConnectorSpec spec = connector.getSpec();
    PodTemplate template = spec.getTemplate() == null ? new PodTemplate() : spec.getTemplate();
    String name = connector.getMetadata().getName();

    Map<String, String> labels = new TreeMap<>(template.getLabels());
    labels.putAll(Labels.forComponent(connector, component));
    Map<String, String> annotations = new TreeMap<>(template.getAnnotations());
    annotations.put(CONFIG_HASH, inputs.configHash());
    annotations.put(LOGGING_HASH, inputs.loggingHash());
    if (task) {
      // Only task pods depend on the published configs: a new publication never rolls the
      // connector pod, which is the one publishing.
      annotations.put(TASK_CONFIGS_HASH, inputs.published().hash());
    }

    return new PodTemplateSpecBuilder()
        .withNewMetadata()
        .withLabels(labels)
        .withAnnotations(annotations)
        .endMetadata()
        .withNewSpec()
        .withServiceAccountName(RbacObjects.serviceAccountName(name))
        .withTerminationGracePeriodSeconds(config.terminationGracePeriodSeconds())
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withRunAsUser(RUN_AS_USER)
        .withRunAsGroup(RUN_AS_USER)
        .withFsGroup(RUN_AS_USER)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .endSecurityContext()
        .withImagePullSecrets(spec.getImagePullSecrets())
        .withNodeSelector(template.getNodeSelector().isEmpty() ? null : template.getNodeSelector())
        .withAffinity(template.getAffinity())
        .withTolerations(template.getTolerations())
        .withTopologySpreadConstraints(template.getTopologySpreadConstraints())
        .withPriorityClassName(template.getPriorityClassName())
        .withInitContainers(
            PodVolumes.pluginsInitContainer(spec, image(spec, config, task), config))
        .withContainers(runner(connector, config, inputs, template, task))
        .withVolumes(PodVolumes.volumes(connector, template, task))
        .endSpec()
        .build();
  }

  static String image(KafkaConnectorSpec spec, OperatorConfig config, boolean task) {
    PodResources resources = task ? spec.getTask() : spec.getConnector();
    return resources != null && resources.getImage() != null && !resources.getImage().isBlank()
        ? resources.getImage()
        : config.runnerImage();
  }

  static SecurityContext containerSecurityContext() {
    return new SecurityContextBuilder()
        .withAllowPrivilegeEscalation(false)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .build();
  }

  private static Container runner(
      KafkaConnector connector,
      OperatorConfig config,
      DesiredInputs inputs,
      PodTemplate template,
      boolean task) {
    KafkaConnectorSpec spec = connector.getSpec();
    PodResources resources = task ? spec.getTask() : spec.getConnector();
    List<ContainerPort> ports = new ArrayList<>();
    ports.add(port(HTTP_PORT_NAME, config.runnerHttpPort(), ConnectorPort.TCP));
    if (task) {
      spec.getPorts()
          .forEach(p -> ports.add(port(p.getName(), p.getPort(), p.protocolOrDefault())));
    }
    return new ContainerBuilder()
        .withName(CONTAINER_NAME)
        .withImage(image(spec, config, task))
        .withImagePullPolicy(
            spec.getImagePullPolicy() == null ? null : spec.getImagePullPolicy().name())
        .withArgs(task ? TASK_COMMAND : CONNECTOR_COMMAND)
        .withPorts(ports)
        .withEnv(env(connector, config, inputs, template))
        .withResources(
            new ResourceRequirementsBuilder()
                .withRequests(
                    resources == null || resources.getRequests() == null
                        ? null
                        : resources.getRequests().toResourceList())
                .withLimits(
                    resources == null || resources.getLimits() == null
                        ? null
                        : resources.getLimits().toResourceList())
                .build())
        .withVolumeMounts(PodVolumes.mounts(spec, template, task))
        .withStartupProbe(probe(LIVENESS_PATH, 5, 60))
        .withLivenessProbe(probe(LIVENESS_PATH, 10, 3))
        .withReadinessProbe(probe(READINESS_PATH, 5, 3))
        .withTerminationMessagePath(TERMINATION_MESSAGE_PATH)
        // When the runner dies before writing its message, the log tail still explains why.
        .withTerminationMessagePolicy("FallbackToLogsOnError")
        .withSecurityContext(containerSecurityContext())
        .build();
  }

  private static List<EnvVar> env(
      KafkaConnector connector, OperatorConfig config, DesiredInputs inputs, PodTemplate template) {
    List<EnvVar> env = new ArrayList<>();
    env.add(fieldRef(ENV_POD_NAME, "metadata.name"));
    env.add(fieldRef(ENV_POD_NAMESPACE, "metadata.namespace"));
    env.add(new EnvVar(ENV_CONNECTOR_NAME, connector.getMetadata().getName(), null));
    env.add(new EnvVar(ENV_CONFIG_HASH, inputs.configHash(), null));
    env.add(new EnvVar(ENV_HTTP_PORT, String.valueOf(config.runnerHttpPort()), null));
    Set<String> ours = env.stream().map(EnvVar::getName).collect(Collectors.toSet());
    template.getEnv().stream().filter(e -> !ours.contains(e.getName())).forEach(env::add);
    return env;
  }

  private static EnvVar fieldRef(String name, String path) {
    return new EnvVarBuilder()
        .withName(name)
        .withNewValueFrom()
        .withNewFieldRef()
        .withApiVersion("v1")
        .withFieldPath(path)
        .endFieldRef()
        .endValueFrom()
        .build();
  }

  private static ContainerPort port(String name, int port, String protocol) {
    return new ContainerPortBuilder()
        .withName(name)
        .withContainerPort(port)
        .withProtocol(protocol)
        .build();
  }

  private static Probe probe(String path, int periodSeconds, int failureThreshold) {
    return new ProbeBuilder()
        .withNewHttpGet()
        .withPath(path)
        .withNewPort(HTTP_PORT_NAME)
        .withScheme("HTTP")
        .endHttpGet()
        .withPeriodSeconds(periodSeconds)
        .withFailureThreshold(failureThreshold)
        .withTimeoutSeconds(3)
        .build();
  }
}

package io.confluent.csid.kafka.connect.k8s.operator.dependent;

import static io.confluent.csid.kafka.connect.k8s.operator.contract.RunnerContract.*;

import io.confluent.csid.kafka.connect.k8s.operator.config.OperatorConfig;
import io.confluent.csid.kafka.connect.k8s.operator.crd.KafkaConnector;
import io.confluent.csid.kafka.connect.k8s.operator.crd.KafkaConnectorSpec;
import io.confluent.csid.kafka.connect.k8s.operator.crd.PodTemplate;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** The volumes and mounts of docs/pod-contract.md, plus the template's extra ones. */
final class PodVolumes {

  static final String WORKER = "worker-config";
  static final String CONNECTOR = "connector-config";
  static final String TASKS = "task-configs";
  static final String PLUGINS = "plugins";
  static final String PLUGINS_CONTAINER = "plugins";

  private PodVolumes() {}

  static List<Volume> volumes(KafkaConnector connector, PodTemplate template, boolean task) {
    KafkaConnectorSpec spec = connector.getSpec();
    String name = connector.getMetadata().getName();
    List<Volume> volumes = new ArrayList<>();
    volumes.add(
        new VolumeBuilder()
            .withName(WORKER)
            .withNewSecret()
            .withSecretName(spec.getWorkerConfigSecret().getName())
            // The user's key, whatever it is, becomes the one file name the runner reads.
            .addNewItem()
            .withKey(spec.getWorkerConfigSecret().keyOrDefault())
            .withPath(WORKER_CONFIG_FILE)
            .endItem()
            .endSecret()
            .build());
    volumes.add(secretVolume(CONNECTOR, configSecretName(name)));
    if (task) {
      volumes.add(secretVolume(TASKS, tasksSecretName(name)));
    }
    if (spec.installsPlugins()) {
      volumes.add(new VolumeBuilder().withName(PLUGINS).withNewEmptyDir().endEmptyDir().build());
    }
    Set<String> ours = volumes.stream().map(Volume::getName).collect(Collectors.toSet());
    template.getVolumes().stream().filter(v -> !ours.contains(v.getName())).forEach(volumes::add);
    return volumes;
  }

  static List<VolumeMount> mounts(KafkaConnectorSpec spec, PodTemplate template, boolean task) {
    List<VolumeMount> mounts = new ArrayList<>();
    mounts.add(mount(WORKER, WORKER_CONFIG_DIR));
    mounts.add(mount(CONNECTOR, CONNECTOR_CONFIG_DIR));
    if (task) {
      mounts.add(mount(TASKS, TASKS_CONFIG_DIR));
    }
    if (spec.installsPlugins()) {
      mounts.add(mount(PLUGINS, DOWNLOADED_PLUGINS_DIR));
    }
    Set<String> paths = mounts.stream().map(VolumeMount::getMountPath).collect(Collectors.toSet());
    template.getVolumeMounts().stream()
        .filter(m -> !paths.contains(m.getMountPath()))
        .forEach(mounts::add);
    return mounts;
  }

  /** Installs the listed plugins into the shared emptyDir before the runner starts. */
  static List<Container> pluginsInitContainer(
      KafkaConnectorSpec spec, String image, OperatorConfig config) {
    if (!spec.installsPlugins()) {
      return List.of();
    }
    List<String> args = new ArrayList<>();
    args.add(PLUGINS_COMMAND);
    args.addAll(spec.getDownloadPlugins());
    return List.of(
        new ContainerBuilder()
            .withName(PLUGINS_CONTAINER)
            .withImage(image)
            .withImagePullPolicy(
                spec.getImagePullPolicy() == null ? null : spec.getImagePullPolicy().name())
            .withArgs(args)
            .withEnv(PluginsEnv.of(spec, config.plugins()))
            .withVolumeMounts(
                new VolumeMountBuilder()
                    .withName(PLUGINS)
                    .withMountPath(DOWNLOADED_PLUGINS_DIR)
                    .build())
            .withTerminationMessagePath(TERMINATION_MESSAGE_PATH)
            .withTerminationMessagePolicy("FallbackToLogsOnError")
            .withSecurityContext(PodTemplates.containerSecurityContext())
            .build());
  }

  private static Volume secretVolume(String volume, String secret) {
    return new VolumeBuilder()
        .withName(volume)
        .withNewSecret()
        .withSecretName(secret)
        .endSecret()
        .build();
  }

  private static VolumeMount mount(String volume, String path) {
    return new VolumeMountBuilder().withName(volume).withMountPath(path).withReadOnly(true).build();
  }
}

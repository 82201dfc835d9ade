package io.confluent.csid.kafka.connect.k8s.e2e.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MountScriptTest {

  @TempDir Path dir;

  @Test
  void mountsImageFilesThenVolumesParentsFirstThenTheTerminationFileAndExecsTheCommand()
      throws Exception {
    Path config = Files.createDirectories(dir.resolve("config"));
    Path plugins = Files.createDirectories(dir.resolve("plugins"));
    Path termination = Files.createFile(dir.resolve("termination-log"));
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName("web-0")
            .endMetadata()
            .withNewSpec()
            .endSpec()
            .build();
    Container c =
        new ContainerBuilder()
            .withName("main")
            .addNewVolumeMount()
            .withName("config")
            .withMountPath("/etc/app/conf.d")
            .withReadOnly(true)
            .endVolumeMount()
            .addNewVolumeMount()
            .withName("config")
            .withMountPath("/etc/app")
            .endVolumeMount()
            .build();

    List<String> argv =
        MountScript.command(
            pod,
            c,
            Map.of("/opt/plugins", plugins),
            Map.of("config", config),
            termination,
            List.of("java", "-jar", "x.jar"));

    assertThat(argv.subList(0, 8))
        .containsExactly(
            "unshare", "--mount", "--uts", "--propagation", "private", "--", "/bin/sh", "-c");
    assertThat(argv.subList(9, argv.size())).containsExactly("container", "java", "-jar", "x.jar");
    String script = argv.get(8);
    assertThat(script)
        .containsSubsequence(
            "hostname 'web-0'",
            "mount --bind '" + plugins + "' '/opt/plugins'",
            "mount -o remount,bind,ro '/opt/plugins'",
            "mount --bind '" + config + "' '/etc/app'\n",
            "mount --bind '" + config + "' '/etc/app/conf.d'",
            "mount -o remount,bind,ro '/etc/app/conf.d'",
            "[ -e '/dev/termination-log' ] || : > '/dev/termination-log'",
            "mount --bind '" + termination + "' '/dev/termination-log'",
            "exec \"$@\"");
  }

  @Test
  void quotesPathsForTheShell() {
    assertThat(MountScript.quote("/a b/it's")).isEqualTo("'/a b/it'\\''s'");
  }
}

package io.confluent.csid.kafka.connect.k8s.e2e.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The command line that starts a container's process in its own mount (and UTS) namespace with
 * every volume bind-mounted at its real mountPath, so the process sees the paths a pod sees while
 * the host and the other pods do not. {@code unshare} and {@code sh} exec into the container's
 * command: the PID the kubelet holds is the container's process and gets its signals.
 */
final class MountScript {

  private MountScript() {}

  static List<String> command(
      Pod pod,
      Container container,
      Map<String, Path> imageFiles,
      Map<String, Path> volumes,
      Path terminationFile,
      List<String> containerCommand)
      throws NotReadyYet {
    StringBuilder script = new StringBuilder("set -e\n");
    String hostname =
        pod.getSpec().getHostname() != null
            ? pod.getSpec().getHostname()
            : pod.getMetadata().getName();
    script
        .append("hostname ")
        .append(quote(hostname.length() > 63 ? hostname.substring(0, 63) : hostname))
        .append('\n');
    // The image's own files first: volumes are mounted over the image.
    for (Map.Entry<String, Path> f : new java.util.TreeMap<>(imageFiles).entrySet()) {
      bind(script, f.getValue(), f.getKey(), true);
    }
    // Parents before children, as container runtimes order them.
    List<VolumeMount> mounts = new ArrayList<>(container.getVolumeMounts());
    mounts.sort(Comparator.comparing(VolumeMount::getMountPath));
    for (VolumeMount m : mounts) {
      Path source = volumes.get(m.getName());
      if (source == null) {
        throw new NotReadyYet(
            "CreateContainerConfigError", "volumeMount " + m.getName() + " names no volume");
      }
      if (m.getSubPath() != null && !m.getSubPath().isEmpty()) {
        source = source.resolve(m.getSubPath());
      }
      bind(script, source, m.getMountPath(), Boolean.TRUE.equals(m.getReadOnly()));
    }
    bind(script, terminationFile, terminationPath(container), false);
    if (container.getWorkingDir() != null && !container.getWorkingDir().isEmpty()) {
      script.append("mkdir -p ").append(quote(container.getWorkingDir())).append('\n');
      script.append("cd ").append(quote(container.getWorkingDir())).append('\n');
    }
    script.append("exec \"$@\"\n");
    List<String> argv = new ArrayList<>();
    argv.addAll(
        List.of("unshare", "--mount", "--uts", "--propagation", "private", "--", "/bin/sh", "-c"));
    argv.add(script.toString());
    argv.add("container");
    argv.addAll(containerCommand);
    return argv;
  }

  static String terminationPath(Container container) {
    String p = container.getTerminationMessagePath();
    return p == null || p.isEmpty() ? "/dev/termination-log" : p;
  }

  private static void bind(StringBuilder script, Path source, String target, boolean readOnly) {
    String t = quote(target);
    if (Files.isDirectory(source)) {
      script.append("mkdir -p ").append(t).append('\n');
    } else {
      // A file target must exist to be mounted over; it stays behind on the host, empty.
      script.append("mkdir -p \"$(dirname ").append(t).append(")\"\n");
      script.append("[ -e ").append(t).append(" ] || : > ").append(t).append('\n');
    }
    script
        .append("mount --bind ")
        .append(quote(source.toString()))
        .append(' ')
        .append(t)
        .append('\n');
    if (readOnly) {
      script.append("mount -o remount,bind,ro ").append(t).append('\n');
    }
  }

  static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }
}

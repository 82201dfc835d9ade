package io.confluent.csid.kafka.connect.k8s.e2e.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a container image "contains" for the process kubelet: the local command line that plays the
 * image's entrypoint with the container's command and args, and the files the image would carry
 * (bind-mounted read-only at their image paths). An image no resolver knows cannot be "pulled"
 * (ErrImagePull, as on a real node).
 */
@FunctionalInterface
public interface ImageResolver {

  /** Runs the container's command and args on the host, like an image without an entrypoint. */
  String HOST_IMAGE = "e2e.local/host:1";

  /**
   * @param command the process to run
   * @param files path in the container to the host directory or file that provides it
   */
  record ImageRun(List<String> command, Map<String, Path> files) {}

  Optional<ImageRun> resolve(Container container);

  default ImageResolver or(ImageResolver next) {
    return c -> resolve(c).or(() -> next.resolve(c));
  }

  /** {@link #HOST_IMAGE}: {@code command + args} as given (a script image for kubelet tests). */
  static ImageResolver hostImage() {
    return c -> {
      if (!HOST_IMAGE.equals(c.getImage())) {
        return Optional.empty();
      }
      List<String> cmd = new ArrayList<>(c.getCommand());
      cmd.addAll(c.getArgs());
      if (cmd.isEmpty()) {
        throw new IllegalArgumentException(HOST_IMAGE + " needs a command");
      }
      return Optional.of(new ImageRun(cmd, Map.of()));
    };
  }

  /**
   * Any image whose repository ends with {@code connect-k8s-runner}: the runner's fast-jar, its
   * entrypoint {@code java -jar}, with the container's args (the image sets no command).
   *
   * @param imageFiles what the image carries besides the runner, e.g. the baked-in plugins
   *     directory {@code /opt/connect-k8s/plugins}
   */
  static ImageResolver runner(
      Path quarkusRunJar, Map<String, Path> imageFiles, String... jvmOptions) {
    return javaJar("connect-k8s-runner", quarkusRunJar, imageFiles, jvmOptions);
  }

  /** Any image whose repository ends with {@code connect-k8s-operator}: the operator's fast-jar. */
  static ImageResolver operator(Path quarkusRunJar, String... jvmOptions) {
    return javaJar("connect-k8s-operator", quarkusRunJar, Map.of(), jvmOptions);
  }

  /** An image whose entrypoint is {@code java -jar <jar>}, identified by its repository's end. */
  static ImageResolver javaJar(
      String repositorySuffix, Path jar, Map<String, Path> imageFiles, String... jvmOptions) {
    return c -> {
      String repository = c.getImage() == null ? "" : c.getImage().replaceFirst(":[^:/]*$", "");
      if (!repository.endsWith(repositorySuffix)) {
        return Optional.empty();
      }
      List<String> cmd = new ArrayList<>();
      if (c.getCommand().isEmpty()) {
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of(jvmOptions));
        cmd.add("-jar");
        cmd.add(jar.toString());
      } else {
        cmd.addAll(c.getCommand());
      }
      cmd.addAll(c.getArgs());
      return Optional.of(new ImageRun(cmd, imageFiles));
    };
  }
}

package io.confluent.csid.kafka.connect.k8s.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Where the bed finds the repository's scripts and build outputs. */
public final class Repo {

  private Repo() {}

  /** The repository root: system property {@code e2e.repo.root}, else found upwards from cwd. */
  public static Path root() {
    String configured = System.getProperty("e2e.repo.root");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured).toAbsolutePath();
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("e2e/bed/build-control-plane.sh"))) {
        return p;
      }
    }
    throw new IllegalStateException("run from inside the repository or set -De2e.repo.root");
  }

  /**
   * The directory with etcd, kube-apiserver, kube-controller-manager and kubectl. The build script
   * is a no-op when its cache is complete (about 12 minutes on 2 cores when it is not).
   */
  public static Path controlPlaneBinaries() {
    return pathPrintedBy("e2e/bed/build-control-plane.sh");
  }

  /**
   * Runs one of the bed's cache scripts (a no-op once its cache is complete) and returns the
   * directory it prints as its last line; its progress goes to this process's stderr.
   */
  public static Path pathPrintedBy(String script) {
    Path path = root().resolve(script);
    try {
      Process p =
          new ProcessBuilder(path.toString())
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (p.waitFor() != 0 || out.isEmpty()) {
        throw new IllegalStateException(path + " failed (exit " + p.exitValue() + ")");
      }
      List<String> lines = out.lines().toList();
      return Path.of(lines.get(lines.size() - 1));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** The runner's Quarkus fast-jar, built by {@code ./mvnw -pl runner -am package}. */
  public static Path runnerJar() {
    return root().resolve("runner/target/quarkus-app/quarkus-run.jar");
  }

  /** The operator's Quarkus fast-jar. */
  public static Path operatorJar() {
    return root().resolve("operator/target/quarkus-app/quarkus-run.jar");
  }
}

package io.confluent.csid.kafka.connect.k8s.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real kubectl 1.20.2 against the bed's API server, as a user would type it. */
public final class Kubectl {

  /** Exit code and combined output of one kubectl run. */
  public record Result(int exitCode, String output) {
    public Result orFail() {
      if (exitCode != 0) {
        throw new IllegalStateException("kubectl failed (" + exitCode + "): " + output);
      }
      return this;
    }
  }

  private final Path kubectl;
  private final Path kubeconfig;

  public Kubectl(ControlPlane cp) {
    this.kubectl = cp.kubectl();
    this.kubeconfig = cp.kubeconfig();
  }

  public Result run(String... args) {
    List<String> cmd = new ArrayList<>(List.of(kubectl.toString(), "--kubeconfig=" + kubeconfig));
    cmd.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("kubectl " + String.join(" ", args) + " timed out");
      }
      return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}

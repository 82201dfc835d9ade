package io.confluent.csid.kafka.connect.k8s.e2e.kubelet;

import io.fabric8.kubernetes.api.model.HTTPHeader;
import io.fabric8.kubernetes.api.model.Probe;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One probe of one container with the kubelet's semantics: initial delay, period, timeout, and
 * consecutive success/failure thresholds. HTTP and TCP probes go to the container's own port
 * whatever port the spec names, because every process got a port of its own on the shared host
 * network; exec probes run inside the container's mount namespace.
 */
final class Prober {

  private final Probe probe;
  private Instant next;
  private int successes;
  private int failures;
  private Boolean result;

  Prober(Probe probe, Instant containerStart) {
    this.probe = probe;
    this.next = containerStart.plusSeconds(orDefault(probe.getInitialDelaySeconds(), 0));
  }

  /**
   * @return the probe's verdict after thresholds, or null while undecided
   */
  Boolean result() {
    return result;
  }

  /** Runs the probe when due; returns true when the verdict changed. */
  boolean runIfDue(Instant now, int port, long pid, Map<String, String> env) {
    if (now.isBefore(next)) {
      return false;
    }
    next = now.plusSeconds(orDefault(probe.getPeriodSeconds(), 10));
    boolean ok =
        attempt(port, pid, env, Duration.ofSeconds(orDefault(probe.getTimeoutSeconds(), 1)));
    Boolean before = result;
    if (ok) {
      failures = 0;
      if (++successes >= orDefault(probe.getSuccessThreshold(), 1)) {
        result = true;
      }
    } else {
      successes = 0;
      if (++failures >= orDefault(probe.getFailureThreshold(), 3)) {
        result = false;
      }
    }
    return !java.util.Objects.equals(before, result);
  }

  private boolean attempt(int port, long pid, Map<String, String> env, Duration timeout) {
    try {
      if (probe.getHttpGet() != null) {
        String path = probe.getHttpGet().getPath() == null ? "/" : probe.getHttpGet().getPath();
        HttpURLConnection c =
            (HttpURLConnection)
                URI.create("http://127.0.0.1:" + port + path).toURL().openConnection();
        c.setConnectTimeout((int) timeout.toMillis());
        c.setReadTimeout((int) timeout.toMillis());
        for (HTTPHeader h : probe.getHttpGet().getHttpHeaders()) {
          c.setRequestProperty(h.getName(), h.getValue());
        }
        try {
          int code = c.getResponseCode();
          return code >= 200 && code < 400;
        } finally {
          c.disconnect();
        }
      }
      if (probe.getTcpSocket() != null) {
        try (Socket s = new Socket()) {
          s.connect(new InetSocketAddress("127.0.0.1", port), (int) timeout.toMillis());
          return true;
        }
      }
      if (probe.getExec() != null) {
        List<String> cmd =
            new ArrayList<>(List.of("nsenter", "-t", String.valueOf(pid), "-m", "-u", "--"));
        cmd.addAll(probe.getExec().getCommand());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().clear();
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          p.destroyForcibly();
          return false;
        }
        return p.exitValue() == 0;
      }
      return false;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static int orDefault(Integer value, int fallback) {
    return value == null || value == 0 ? fallback : value;
  }
}

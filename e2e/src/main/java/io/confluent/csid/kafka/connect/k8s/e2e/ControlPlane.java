package io.confluent.csid.kafka.connect.k8s.e2e;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;

/**
 * A real Kubernetes 1.20.2 control plane (etcd, kube-apiserver, kube-controller-manager) as child
 * processes on loopback ports, with the flags of {@code e2e/bed/start-control-plane.sh}: RBAC and
 * Node authorization, service-account signing (token Secrets for every ServiceAccount) and every
 * default controller (StatefulSet, garbage collector, namespace, token). No scheduler and no
 * kubelet: {@link ProcessKubelet} plays both.
 */
public final class ControlPlane implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(ControlPlane.class.getName());
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
  static final String SERVICE_CIDR = "10.0.0.0/24";

  private final Path dir;
  private final Path binaries;
  private final List<ChildProcess> processes = new ArrayList<>();
  private int apiserverPort;
  private Path kubeconfig;
  private KubernetesClient client;
  private Duration startupTime;

  private ControlPlane(Path dir, Path binaries) {
    this.dir = dir;
    this.binaries = binaries;
  }

  /** Starts a control plane whose certificates, data and logs live under {@code dir}. */
  public static ControlPlane start(Path dir) {
    Path binaries = Repo.controlPlaneBinaries();
    ControlPlane cp = new ControlPlane(dir, binaries);
    try {
      cp.startAll();
      return cp;
    } catch (RuntimeException | Error e) {
      cp.close();
      throw e;
    }
  }

  public KubernetesClient client() {
    return client;
  }

  /** An admin (system:masters) kubeconfig, for kubectl and for the operator process. */
  public Path kubeconfig() {
    return kubeconfig;
  }

  /**
   * A copy of the admin kubeconfig whose context names {@code namespace}: what a process running in
   * that namespace infers as its own (e.g. for its leader-election Lease).
   */
  public Path kubeconfigInNamespace(String namespace) {
    try {
      Path file = dir.resolve("admin-" + namespace + ".kubeconfig");
      Files.writeString(
          file,
          Files.readString(kubeconfig)
              .replace(
                  "context: {cluster: local, user: admin}",
                  "context: {cluster: local, user: admin, namespace: " + namespace + "}"));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int apiserverPort() {
    return apiserverPort;
  }

  public String serverUrl() {
    return "https://127.0.0.1:" + apiserverPort;
  }

  /** The CA that signed the API server's certificate (it is also in every token Secret). */
  public Path caCertificate() {
    return dir.resolve("pki/ca.crt");
  }

  public Path kubectl() {
    return binaries.resolve("kubectl");
  }

  public Path logsDir() {
    return dir;
  }

  public Duration startupTime() {
    return startupTime;
  }

  private void startAll() {
    long t0 = System.nanoTime();
    try {
      Files.createDirectories(dir.resolve("etcd"));
      Pki pki = Pki.create(dir.resolve("pki"));
      int etcdPort = freePort();
      int etcdPeerPort = freePort();
      apiserverPort = freePort();

      processes.add(
          ChildProcess.start(
              "etcd",
              List.of(
                  binaries.resolve("etcd").toString(),
                  "--name=local",
                  "--data-dir=" + dir.resolve("etcd"),
                  "--listen-client-urls=http://127.0.0.1:" + etcdPort,
                  "--advertise-client-urls=http://127.0.0.1:" + etcdPort,
                  "--listen-peer-urls=http://127.0.0.1:" + etcdPeerPort,
                  "--initial-advertise-peer-urls=http://127.0.0.1:" + etcdPeerPort,
                  "--initial-cluster=local=http://127.0.0.1:" + etcdPeerPort,
                  "--log-level=warn",
                  "--logger=zap"),
              Map.of(),
              dir.resolve("etcd.log")));

      processes.add(
          ChildProcess.start(
              "kube-apiserver",
              List.of(
                  binaries.resolve("kube-apiserver").toString(),
                  "--bind-address=127.0.0.1",
                  "--secure-port=" + apiserverPort,
                  "--insecure-port=0",
                  "--etcd-servers=http://127.0.0.1:" + etcdPort,
                  "--cert-dir=" + dir.resolve("apiserver-certs"),
                  "--tls-cert-file=" + pki.file("apiserver.crt"),
                  "--tls-private-key-file=" + pki.file("apiserver.key"),
                  "--client-ca-file=" + pki.file("ca.crt"),
                  "--authorization-mode=Node,RBAC",
                  "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
                  "--service-account-key-file=" + pki.file("sa.pub"),
                  "--service-account-signing-key-file=" + pki.file("sa.key"),
                  "--service-cluster-ip-range=" + SERVICE_CIDR,
                  "--allow-privileged=true",
                  "--profiling=false"),
              Map.of(),
              dir.resolve("kube-apiserver.log")));

      kubeconfig = dir.resolve("admin.kubeconfig");
      writeKubeconfig(kubeconfig, pki, "admin");
      Path cmKubeconfig = dir.resolve("controller-manager.kubeconfig");
      writeKubeconfig(cmKubeconfig, pki, "controller-manager");
      client =
          new KubernetesClientBuilder()
              .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig)))
              .build();
      waitFor("kube-apiserver /readyz", this::apiserverReady);
      LOG.info(() -> "kube-apiserver ready on " + serverUrl() + " after " + since(t0));

      processes.add(
          ChildProcess.start(
              "kube-controller-manager",
              List.of(
                  binaries.resolve("kube-controller-manager").toString(),
                  "--kubeconfig=" + cmKubeconfig,
                  "--controllers=*",
                  "--leader-elect=false",
                  "--service-account-private-key-file=" + pki.file("sa.key"),
                  "--root-ca-file=" + pki.file("ca.crt"),
                  "--use-service-account-credentials=true",
                  "--cluster-signing-cert-file=" + pki.file("ca.crt"),
                  "--cluster-signing-key-file=" + pki.file("ca.key"),
                  "--service-cluster-ip-range=" + SERVICE_CIDR,
                  "--secure-port=0",
                  "--port=0"),
              Map.of(),
              dir.resolve("kube-controller-manager.log")));
      // The service-account and token controllers did their first job: the controller manager
      // is up and talking to the API server.
      waitFor("kube-controller-manager (token of ServiceAccount default/default)", this::hasToken);
      startupTime = Duration.ofNanos(System.nanoTime() - t0);
      LOG.info(() -> "control plane ready in " + startupTime.toMillis() + " ms, logs in " + dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private boolean apiserverReady() {
    try {
      return "ok".equals(client.raw(serverUrl() + "/readyz"));
    } catch (RuntimeException notYet) {
      return false;
    }
  }

  private boolean hasToken() {
    try {
      var sa = client.serviceAccounts().inNamespace("default").withName("default").get();
      return sa != null && !sa.getSecrets().isEmpty();
    } catch (RuntimeException notYet) {
      return false;
    }
  }

  private void waitFor(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      processes.forEach(ChildProcess::assertAlive);
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "timed out after "
                + READY_TIMEOUT.toSeconds()
                + " s waiting for "
                + what
                + " (logs in "
                + dir
                + ")");
      }
      sleep(Duration.ofMillis(250));
    }
  }

  private void writeKubeconfig(Path file, Pki pki, String user) throws IOException {
    String yaml =
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: local
          cluster:
            server: %s
            certificate-authority-data: %s
        users:
        - name: %s
          user:
            client-certificate-data: %s
            client-key-data: %s
        contexts:
        - name: local
          context: {cluster: local, user: %s}
        current-context: local
        """
            .formatted(
                serverUrl(),
                base64(pki.file("ca.crt")),
                user,
                base64(pki.file(user + ".crt")),
                base64(pki.file(user + ".key")),
                user);
    Files.writeString(file, yaml);
  }

  private static String base64(Path file) throws IOException {
    return Base64.getEncoder().encodeToString(Files.readAllBytes(file));
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static String since(long t0) {
    return (System.nanoTime() - t0) / 1_000_000 + " ms";
  }

  /** Stops the controller manager, the API server, then etcd (newest first). */
  @Override
  public void close() {
    if (client != null) {
      client.close();
    }
    for (int i = processes.size() - 1; i >= 0; i--) {
      processes.get(i).stop(Duration.ofSeconds(5));
    }
    processes.clear();
  }

  static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}

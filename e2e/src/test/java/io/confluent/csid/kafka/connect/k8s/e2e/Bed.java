package io.confluent.csid.kafka.connect.k8s.e2e;

import io.confluent.csid.kafka.connect.k8s.e2e.kubelet.ImageResolver;
import io.confluent.csid.kafka.connect.k8s.e2e.kubelet.KubeletOptions;
import io.confluent.csid.kafka.connect.k8s.e2e.kubelet.ProcessKubelet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * The end-to-end bed, started once per test JVM and shared by every E2E class: the real control
 * plane and the process kubelet. Test classes get it as a parameter; when a test fails the last
 * lines of every pod's log are printed.
 */
public final class Bed implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(Bed.class.getName());

  /**
   * Crash-loop back-off of the bed: Kubernetes' 10 s doubling to 5 min, shortened so that restarts
   * are observable within a test; the doubling and the cap are the same code.
   */
  public static final Duration BACKOFF_BASE = Duration.ofSeconds(2);

  public static final Duration BACKOFF_MAX = Duration.ofSeconds(20);

  public static final String OPERATOR_NAMESPACE = "connect-k8s";

  /**
   * The runner image as released: no connector plugins baked in. The bed's default runner image
   * bakes several in for the scenarios' convenience; a test that must prove a plugin came from
   * somewhere else (a download) runs on this one, where nothing else could have provided it.
   */
  public static final String PLAIN_RUNNER_REPOSITORY = "e2e.local/connect-k8s-runner-plain";

  public static final String PLAIN_RUNNER_IMAGE = PLAIN_RUNNER_REPOSITORY + ":1";

  private final Path workDir;
  private final ControlPlane controlPlane;
  private final ProcessKubelet kubelet;
  private final java.util.concurrent.atomic.AtomicBoolean closed =
      new java.util.concurrent.atomic.AtomicBoolean();
  private KafkaBroker broker;
  private PostgresProcess postgres;
  private OperatorProcess operator;
  private Map<String, String> operatorEnv = Map.of();

  private Bed(Path workDir, ControlPlane controlPlane, ProcessKubelet kubelet) {
    this.workDir = workDir;
    this.controlPlane = controlPlane;
    this.kubelet = kubelet;
  }

  static Bed start() {
    Path workDir = newWorkDir();
    long t0 = System.nanoTime();
    ControlPlane cp = ControlPlane.start(workDir.resolve("control-plane"));
    try {
      ImageResolver images =
          ImageResolver.hostImage()
              .or(
                  ImageResolver.runner(
                      Repo.runnerJar(),
                      Map.of("/opt/connect-k8s/plugins", imagePlugins(workDir)),
                      "-Xmx256m",
                      "-XX:+UseSerialGC"))
              .or(
                  ImageResolver.javaJar(
                      PLAIN_RUNNER_REPOSITORY,
                      Repo.runnerJar(),
                      Map.of(),
                      "-Xmx256m",
                      "-XX:+UseSerialGC"))
              .or(ImageResolver.operator(Repo.operatorJar(), "-Xmx256m", "-XX:+UseSerialGC"));
      KubeletOptions options =
          KubeletOptions.defaults(workDir.resolve("kubelet"), images, cp.apiserverPort())
              .withBackoff(BACKOFF_BASE, BACKOFF_MAX);
      ProcessKubelet kubelet = ProcessKubelet.start(cp.client(), options);
      LOG.info(
          () ->
              "bed ready in "
                  + (System.nanoTime() - t0) / 1_000_000
                  + " ms (control plane "
                  + cp.startupTime().toMillis()
                  + " ms), work dir "
                  + workDir);
      Bed bed = new Bed(workDir, cp, kubelet);
      // Also when the test JVM is stopped from outside (Ctrl-C, a Maven timeout): no orphans.
      Runtime.getRuntime().addShutdownHook(new Thread(bed::close, "e2e-bed-shutdown"));
      return bed;
    } catch (RuntimeException e) {
      cp.close();
      throw e;
    }
  }

  /**
   * The plugins the runner image bakes in at /opt/connect-k8s/plugins, one directory per plugin
   * with the jars the runner lacks: the file connectors, Kafka's test connectors (VerifiableSource)
   * which need kafka-server-common at runtime, and MirrorMaker 2's connectors (many tasks, isolated
   * loading). Taken from this module's test classpath.
   */
  private static Path imagePlugins(Path workDir) {
    Path plugins = workDir.resolve("images/runner/opt/connect-k8s/plugins");
    Map<String, List<String>> layout =
        Map.of(
            "connect-file", List.of("connect-file"),
            "connect-test-plugins", List.of("connect-test-plugins", "kafka-server-common"),
            "connect-mirror", List.of("connect-mirror", "connect-mirror-client"));
    layout.forEach(
        (plugin, artifacts) -> {
          for (String artifact : artifacts) {
            Path jar = classpathJar(artifact);
            try {
              Path dir = Files.createDirectories(plugins.resolve(plugin));
              Files.copy(jar, dir.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          }
        });
    copyUnpackedPlugins(plugins);
    return plugins;
  }

  /**
   * Plugin archives (Debezium's {@code :plugin:tar.gz}) that Maven unpacked into the directory of
   * system property {@code e2e.image.plugins}, one top folder per plugin: baked in as a derived
   * image would (docs/runner.md).
   */
  private static void copyUnpackedPlugins(Path plugins) {
    String unpacked = System.getProperty("e2e.image.plugins");
    if (unpacked == null || !Files.isDirectory(Path.of(unpacked))) {
      return;
    }
    try (var files = Files.walk(Path.of(unpacked))) {
      for (Path source : (Iterable<Path>) files::iterator) {
        Path target = plugins.resolve(Path.of(unpacked).relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path classpathJar(String artifact) {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .map(Path::of)
        .filter(p -> p.getFileName().toString().matches(artifact + "-[0-9.]+\\.jar"))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException(artifact + " not on the classpath"));
  }

  private static Path newWorkDir() {
    String configured = System.getProperty("e2e.work.dir");
    try {
      Path base =
          configured == null
              ? Files.createTempDirectory("connect-k8s-e2e")
              : Files.createDirectories(Path.of(configured));
      return Files.createTempDirectory(base, "bed-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public ControlPlane controlPlane() {
    return controlPlane;
  }

  public KubernetesClient client() {
    return controlPlane.client();
  }

  public ProcessKubelet kubelet() {
    return kubelet;
  }

  public Path workDir() {
    return workDir;
  }

  /** The Kafka broker, started on first use and shared by the rest of the run. */
  public synchronized KafkaBroker broker() {
    if (broker == null) {
      broker = KafkaBroker.start(workDir.resolve("kafka"));
    }
    return broker;
  }

  /**
   * PostgreSQL 15 with logical decoding, started on first use and shared by the rest of the run.
   */
  public synchronized PostgresProcess postgres() {
    if (postgres == null) {
      postgres = PostgresProcess.start(workDir.resolve("postgres"));
    }
    return postgres;
  }

  /**
   * The operator process, started on first use after the CRD is installed with kubectl, with the
   * admin kubeconfig (the operator's own RBAC is tested elsewhere).
   */
  public synchronized OperatorProcess operator() {
    return operator(Map.of());
  }

  /**
   * The operator process with extra environment (operator settings such as
   * CONNECT_K8S_OPERATOR_PLUGINS_HUB_URL); a running operator with other settings is replaced.
   */
  public synchronized OperatorProcess operator(Map<String, String> env) {
    if (operator != null && operator.isAlive() && !operatorEnv.equals(env)) {
      stopOperator();
    }
    if (operator == null || !operator.isAlive()) {
      Path crd = Repo.root().resolve("deploy/crds/kafkaconnectors.io.confluent.csid-v1.yml");
      kubectl().run("apply", "-f", crd.toString()).orFail();
      kubectl()
          .run(
              "wait",
              "--for=condition=Established",
              "--timeout=60s",
              "crd/kafkaconnectors.io.confluent.csid")
          .orFail();
      // Installed like deploy/kustomization.yaml does: in its own namespace, where its
      // leader-election Lease lives.
      if (client().namespaces().withName(OPERATOR_NAMESPACE).get() == null) {
        kubectl().run("create", "namespace", OPERATOR_NAMESPACE).orFail();
      }
      operator =
          OperatorProcess.start(
              Repo.operatorJar(),
              controlPlane.kubeconfigInNamespace(OPERATOR_NAMESPACE),
              workDir.resolve("operator"),
              env);
      operatorEnv = Map.copyOf(env);
    }
    return operator;
  }

  /** Stops the operator process (the next {@link #operator()} starts a new one). */
  public synchronized void stopOperator() {
    if (operator != null) {
      operator.close();
      operator = null;
    }
  }

  public Kubectl kubectl() {
    return new Kubectl(controlPlane);
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    long t0 = System.nanoTime();
    if (operator != null) {
      operator.close();
    }
    kubelet.close();
    if (broker != null) {
      broker.close();
    }
    if (postgres != null) {
      postgres.close();
    }
    controlPlane.close();
    LOG.info(() -> "bed stopped in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
  }

  /** {@code @ExtendWith(Bed.Extension.class)}: injects the shared {@link Bed}. */
  public static final class Extension implements BeforeAllCallback, ParameterResolver, TestWatcher {

    private static final ExtensionContext.Namespace NS =
        ExtensionContext.Namespace.create(Bed.class);

    private static Bed bed(ExtensionContext context) {
      return context
          .getRoot()
          .getStore(NS)
          .getOrComputeIfAbsent(Bed.class, k -> Bed.start(), Bed.class);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
      bed(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
      return p.getParameter().getType() == Bed.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext c) {
      return bed(c);
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
      Bed bed = context.getRoot().getStore(NS).get(Bed.class, Bed.class);
      if (bed != null) {
        System.err.println(
            "==== "
                + context.getDisplayName()
                + " failed; pod logs (last lines), all logs in "
                + bed.workDir()
                + "\n"
                + bed.kubelet().logTails(25));
      }
    }
  }
}

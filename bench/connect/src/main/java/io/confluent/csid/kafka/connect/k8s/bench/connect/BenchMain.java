package io.confluent.csid.kafka.connect.k8s.bench.connect;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * {@code BenchMain throughput|isolation|startup|all}: the runner against a real Kafka Connect
 * worker on one broker, in one run on one machine, so the ratios hold on a noisy machine. Started
 * by {@code bench/run-connect.sh}, which builds what it needs; sizes come from {@code -Dbench.*}
 * (see {@link BenchOptions}).
 */
public final class BenchMain {

  /** The mock API server logs every request at INFO; held here so the level sticks. */
  private static final java.util.logging.Logger FABRIC8_LOG =
      java.util.logging.Logger.getLogger("io.fabric8");

  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    List<String> sets = List.of("throughput", "isolation", "startup");
    String which = args.length == 0 ? "all" : args[0];
    if (!which.equals("all") && !sets.contains(which)) {
      System.err.println("usage: BenchMain throughput|isolation|startup|all");
      System.exit(2);
    }
    Path repo = Path.of(System.getProperty("bench.repo", ".")).toAbsolutePath().normalize();
    Path work =
        Path.of(
            System.getProperty(
                "bench.work", repo.resolve("bench/connect/target/bench-work").toString()));
    BenchOptions options = BenchOptions.fromSystemProperties();
    FABRIC8_LOG.setLevel(java.util.logging.Level.WARNING);
    PrintStream out = System.out;
    out.printf(
        "connect-k8s benchmark '%s' at %s on %s: %d cores, Java %s, load average %s%n",
        which,
        Instant.now(),
        hostDescription(),
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"),
        ProcStatus.loadAverage());
    out.printf("options: %s%n%n", options);
    try (BenchEnv env = BenchEnv.start(repo, work)) {
      // On Ctrl-C the broker still stops; a runner or peer JVM of the interrupted step may not.
      Runtime.getRuntime().addShutdownHook(new Thread(env::close, "bench-stop"));
      if (which.equals("all") || which.equals("throughput")) {
        new Throughput(env, options, out).run();
      }
      if (which.equals("all") || which.equals("isolation")) {
        new Isolation(env, options, out).run();
      }
      if (which.equals("all") || which.equals("startup")) {
        new Startup(env, options, out).run();
      }
    }
    out.printf("done, load average %s%n", ProcStatus.loadAverage());
    System.exit(0);
  }

  private static String hostDescription() {
    try {
      for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (java.io.IOException e) {
      // fall through
    }
    return System.getProperty("os.name");
  }
}

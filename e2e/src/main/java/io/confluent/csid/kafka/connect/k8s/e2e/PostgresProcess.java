package io.confluent.csid.kafka.connect.k8s.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Debian's PostgreSQL 15 (from {@code e2e/bed/fetch-postgresql.sh}) on a free loopback port, set up
 * for logical decoding, with a random superuser password. PostgreSQL refuses to run as root and the
 * tests run as root, so initdb and postgres run in a user namespace as {@code nobody} (a uid every
 * system has): root outside, so they can read the cache under root's home and write the data
 * directory, but not root to PostgreSQL's own check.
 */
public final class PostgresProcess implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(PostgresProcess.class.getName());
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
  private static final String UNPRIVILEGED_ID = "65534";
  public static final String SUPERUSER = "postgres";

  private final ChildProcess process;
  private final int port;
  private final String password;

  private PostgresProcess(ChildProcess process, int port, String password) {
    this.process = process;
    this.port = port;
    this.password = password;
  }

  public static PostgresProcess start(Path dir) {
    long t0 = System.nanoTime();
    Path bin = binaries();
    String password = "pg-" + UUID.randomUUID();
    try {
      Files.createDirectories(dir);
      Path pwfile = Files.writeString(dir.resolve("pwfile"), password + "\n");
      Map<String, String> env = Map.of("LD_LIBRARY_PATH", libraryPath(bin), "TZ", "UTC");
      run(
          List.of(
              bin.resolve("initdb").toString(),
              "--pgdata=" + dir.resolve("data"),
              "--username=" + SUPERUSER,
              "--pwfile=" + pwfile,
              "--auth=scram-sha-256",
              "--locale=C",
              "--encoding=UTF8",
              "--no-sync"),
          env,
          dir.resolve("initdb.log"));
      Files.delete(pwfile);
      int port = ControlPlane.freePort();
      ChildProcess p =
          ChildProcess.start(
              "postgres",
              unprivileged(
                  List.of(
                      bin.resolve("postgres").toString(),
                      "-D",
                      dir.resolve("data").toString(),
                      "-p",
                      String.valueOf(port),
                      "-c",
                      "listen_addresses=127.0.0.1",
                      // no socket in /var/run/postgresql: it may not exist and is not ours
                      "-c",
                      "unix_socket_directories=",
                      "-c",
                      "wal_level=logical",
                      "-c",
                      "max_wal_senders=10",
                      "-c",
                      "max_replication_slots=10",
                      "-c",
                      "jit=off",
                      // durability of the database is not under test; the shared disk is slow
                      "-c",
                      "fsync=off",
                      "-c",
                      "synchronous_commit=off",
                      "-c",
                      "shared_buffers=32MB")),
              env,
              dir.resolve("postgres.log"));
      PostgresProcess pg = new PostgresProcess(p, port, password);
      pg.awaitReady();
      LOG.info(
          () ->
              "PostgreSQL on 127.0.0.1:"
                  + port
                  + " after "
                  + (System.nanoTime() - t0) / 1_000_000
                  + " ms");
      return pg;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (true) {
      try {
        process.assertAlive();
        try (Connection c = connect("postgres")) {
          return;
        } catch (SQLException notYet) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException(
                "PostgreSQL not ready after " + READY_TIMEOUT + ": " + notYet.getMessage());
          }
        }
      } catch (RuntimeException e) {
        process.close();
        throw e;
      }
      ControlPlane.sleep(Duration.ofMillis(300));
    }
  }

  public int port() {
    return port;
  }

  /** The superuser's password: put it into Secrets only, never into a log or a ConfigMap. */
  public String password() {
    return password;
  }

  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  public Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(jdbcUrl(database), SUPERUSER, password);
  }

  /** Runs statements in one auto-committed session, like {@code psql -c}. */
  public void execute(String database, String... statements) {
    try (Connection c = connect(database);
        Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("SQL failed on " + database + ": " + e.getMessage(), e);
    }
  }

  /** The rows of a query, each column as a string. */
  public List<List<String>> query(String database, String sql) {
    try (Connection c = connect(database);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      int columns = rs.getMetaData().getColumnCount();
      List<List<String>> rows = new ArrayList<>();
      while (rs.next()) {
        List<String> row = new ArrayList<>(columns);
        for (int i = 1; i <= columns; i++) {
          row.add(rs.getString(i));
        }
        rows.add(row);
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException("query failed on " + database + ": " + e.getMessage(), e);
    }
  }

  public Path log() {
    return process.log();
  }

  /** Fast shutdown (SIGINT: clients are disconnected), SIGKILL if it does not stop in time. */
  @Override
  public void close() {
    if (process.isAlive()) {
      signal("INT", process.pid());
    }
    process.stop(Duration.ofSeconds(20));
  }

  /** The bin directory; the script is a no-op once the cache is complete (10–60 s fresh). */
  static Path binaries() {
    return Repo.pathPrintedBy("e2e/bed/fetch-postgresql.sh");
  }

  /**
   * The unpacked libraries ({@code <root>/lib/<triplet>} and {@code <root>/usr/lib/<triplet>}:
   * bookworm's packages use both), which the script added only where the machine lacked them.
   */
  private static String libraryPath(Path bin) throws IOException {
    Path root = bin.resolve("../../../../..").normalize();
    List<String> dirs = new ArrayList<>();
    for (Path lib : List.of(root.resolve("lib"), root.resolve("usr/lib"))) {
      if (Files.isDirectory(lib)) {
        try (Stream<Path> children = Files.list(lib)) {
          children
              .filter(d -> d.getFileName().toString().endsWith("-linux-gnu"))
              .map(Path::toString)
              .sorted()
              .forEach(dirs::add);
        }
      }
    }
    return String.join(":", dirs);
  }

  private static List<String> unprivileged(List<String> command) {
    List<String> full =
        new ArrayList<>(
            List.of(
                "unshare",
                "--user",
                "--map-user=" + UNPRIVILEGED_ID,
                "--map-group=" + UNPRIVILEGED_ID));
    full.addAll(command);
    return full;
  }

  private static void run(List<String> command, Map<String, String> env, Path log)
      throws IOException {
    ProcessBuilder builder = new ProcessBuilder(unprivileged(command));
    builder.environment().putAll(env);
    builder.redirectErrorStream(true);
    builder.redirectOutput(log.toFile());
    Process p = builder.start();
    try {
      if (!p.waitFor(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(command.get(0) + " did not finish in " + READY_TIMEOUT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    if (p.exitValue() != 0) {
      throw new IllegalStateException(
          command.get(0) + " exited with " + p.exitValue() + ":\n" + LogTail.lastLines(log, 20));
    }
  }

  private static void signal(String signal, long pid) {
    try {
      new ProcessBuilder("kill", "-" + signal, String.valueOf(pid)).start().waitFor();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

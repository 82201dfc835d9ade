package io.confluent.csid.kafka.connect.k8s.operator.packaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Keeps the committed install artifacts (CRD, kubectl manifests, Helm chart, OLM bundle) equal to
 * what the Quarkus build generates into {@code operator/target}.
 *
 * <p>Run by the operator module's {@code verify} phase (exec-maven-plugin): {@code check} fails the
 * build with one line per differing file; {@code sync} (with {@code -Dsync-generated}) rewrites the
 * committed copies. Both build the same expected file set, so what sync writes is what check
 * accepts.
 */
public final class GeneratedArtifacts {

  public static final String CRD_FILE = "kafkaconnectors.io.confluent.csid-v1.yml";
  public static final String CHART = "connect-k8s-operator";
  public static final String FIX_COMMAND =
      "./mvnw -B -pl operator clean verify -Dsync-generated -DskipTests";

  /** Folders whose whole content is generated: sync replaces them, check compares them. */
  static final List<String> GENERATED_ROOTS =
      List.of("deploy/crds", "deploy/operator", "deploy/helm/" + CHART, "bundle");

  /**
   * kubectl prints printer columns in CRD order; the generator sorts them by JSON path, which would
   * put AGE first.
   */
  static final List<String> PRINTER_COLUMN_ORDER = List.of("Class", "State", "Tasks", "Age");

  private static final ObjectMapper YAML =
      new ObjectMapper(
          YAMLFactory.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).build());
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Path repo;
  private final Path target;

  GeneratedArtifacts(Path repo, Path operatorTarget) {
    this.repo = repo;
    this.target = operatorTarget;
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 3 || !List.of("check", "sync").contains(args[2])) {
      throw new IllegalArgumentException(
          "usage: GeneratedArtifacts <repo root> <operator target dir> check|sync");
    }
    GeneratedArtifacts artifacts =
        new GeneratedArtifacts(Path.of(args[0]).toAbsolutePath().normalize(), Path.of(args[1]));
    if (args[2].equals("sync")) {
      artifacts.sync();
      System.out.println("[generated] committed copies updated under " + GENERATED_ROOTS);
    } else {
      List<String> problems = artifacts.check();
      if (!problems.isEmpty()) {
        // One line per file, each naming the fix: this is what a developer sees in CI.
        throw new IllegalStateException(String.join(System.lineSeparator(), problems));
      }
      System.out.println("[generated] committed copies match the build output");
    }
  }

  /** Describes each committed file that differs from the build output; empty when all match. */
  List<String> check() throws IOException {
    Map<String, byte[]> expected = expected();
    Map<String, byte[]> committed = committed();
    List<String> problems = new ArrayList<>();
    for (String path : new TreeSet<>(union(expected.keySet(), committed.keySet()))) {
      byte[] want = expected.get(path);
      byte[] have = committed.get(path);
      String problem =
          have == null
              ? "is missing"
              : want == null
                  ? "is no longer generated"
                  : Arrays.equals(want, have) ? null : "differs from the build output";
      if (problem != null) {
        problems.add("Generated file " + path + " " + problem + "; run: " + FIX_COMMAND);
      }
    }
    return problems;
  }

  void sync() throws IOException {
    Map<String, byte[]> expected = expected();
    for (String root : GENERATED_ROOTS) {
      deleteRecursively(repo.resolve(root));
    }
    for (Map.Entry<String, byte[]> file : expected.entrySet()) {
      Path path = repo.resolve(file.getKey());
      Files.createDirectories(path.getParent());
      Files.write(path, file.getValue());
    }
  }

  /** The committed layout, keyed by path relative to the repository root. */
  Map<String, byte[]> expected() throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    Path kubernetes = target.resolve("kubernetes");
    byte[] crd = normalizeCrd(read(kubernetes.resolve(CRD_FILE)));
    files.put("deploy/crds/" + CRD_FILE, crd);
    files.put("deploy/operator/operator.yaml", read(kubernetes.resolve("kubernetes.yml")));

    Path chart = target.resolve("helm/kubernetes/" + CHART);
    for (String file : listFiles(chart)) {
      byte[] content = read(chart.resolve(file));
      content =
          switch (file) {
            case "values.yaml" -> withoutEnvsValues(content);
            case "values.schema.json" -> withoutEnvsSchema(content);
            case "README.md" -> withoutEnvsReadme(content);
            default -> content;
          };
      files.put("deploy/helm/" + CHART + "/" + file, content);
    }
    // Helm installs (and never deletes) what is in crds/; quarkus-helm does not put it there.
    files.put("deploy/helm/" + CHART + "/crds/" + CRD_FILE, crd);

    Path bundle = target.resolve("bundle/" + CHART);
    for (String file : listFiles(bundle)) {
      byte[] content = read(bundle.resolve(file));
      if (file.endsWith(".crd.yml")) {
        content = normalizeCrd(content);
      } else if (file.endsWith(".clusterserviceversion.yaml")) {
        content = withoutCreatedAt(content);
      }
      files.put("bundle/" + file, content);
    }
    return files;
  }

  private Map<String, byte[]> committed() throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    for (String root : GENERATED_ROOTS) {
      Path dir = repo.resolve(root);
      for (String file : listFiles(dir)) {
        files.put(root + "/" + file, read(dir.resolve(file)));
      }
    }
    return files;
  }

  /** Puts the printer columns in {@link #PRINTER_COLUMN_ORDER}. */
  static byte[] normalizeCrd(byte[] crd) throws IOException {
    JsonNode root = YAML.readTree(crd);
    for (JsonNode version : root.path("spec").path("versions")) {
      JsonNode columns = version.get("additionalPrinterColumns");
      if (columns instanceof ArrayNode array) {
        List<JsonNode> sorted = new ArrayList<>();
        array.forEach(sorted::add);
        sorted.sort(Comparator.comparingInt(c -> columnRank(c.path("name").asText())));
        array.removeAll();
        sorted.forEach(array::add);
      }
    }
    return YAML.writeValueAsBytes(root);
  }

  private static int columnRank(String name) {
    int rank = PRINTER_COLUMN_ORDER.indexOf(name);
    return rank < 0 ? PRINTER_COLUMN_ORDER.size() : rank;
  }

  /**
   * quarkus-helm offers every container env var as {@code operator.envs.*}, but the chart's
   * template reads the friendlier {@code operator.watchNamespaces} and {@code operator.logLevel}
   * instead (see application.properties): values that do nothing must not be offered.
   */
  static byte[] withoutEnvsValues(byte[] values) throws IOException {
    JsonNode root = YAML.readTree(values);
    if (root.path("operator") instanceof ObjectNode operator) {
      operator.remove("envs");
    }
    return YAML.writeValueAsBytes(root);
  }

  static byte[] withoutEnvsSchema(byte[] schema) throws IOException {
    JsonNode root = JSON.readTree(schema);
    if (root.path("properties").path("operator").path("properties")
        instanceof ObjectNode properties) {
      properties.remove("envs");
    }
    return (JSON.writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  static byte[] withoutEnvsReadme(byte[] readme) {
    String text = new String(readme, StandardCharsets.UTF_8);
    return text.lines()
        .filter(line -> !line.startsWith("| `operator.envs."))
        .collect(Collectors.joining("\n", "", "\n"))
        .getBytes(StandardCharsets.UTF_8);
  }

  /** OLM's createdAt annotation is a build timestamp: it would differ on every build. */
  static byte[] withoutCreatedAt(byte[] csv) {
    String text = new String(csv, StandardCharsets.UTF_8);
    return text.lines()
        .filter(line -> !line.trim().startsWith("createdAt:"))
        .collect(Collectors.joining("\n", "", "\n"))
        .getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot read " + file + ": build the operator first (./mvnw -pl operator package)", e);
    }
  }

  private static List<String> listFiles(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile)
          .map(p -> dir.relativize(p).toString().replace('\\', '/'))
          .sorted()
          .toList();
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static <T> List<T> union(java.util.Collection<T> a, java.util.Collection<T> b) {
    List<T> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}

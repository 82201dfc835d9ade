package io.confluent.csid.kafka.connect.k8s.runner.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The plugins volume: {@code <dir>/<plugin>/} holds one installed plugin and its completion marker
 * {@value #MARKER}, written last, inside a staging folder that is then renamed into place (an
 * atomic rename on one volume). A plugin directory without the marker is never used: an init
 * container killed half-way leaves only staging debris, removed by the next run.
 */
public final class InstalledPlugins {

  /** The completion marker: JSON {@code {"source": <identity>, "sha512": <of the download>}}. */
  public static final String MARKER = ".connect-k8s-plugin.json";

  static final String STAGING = ".staging";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;

  public InstalledPlugins(Path dir) {
    this.dir = dir;
  }

  public static boolean isComplete(Path pluginDir) {
    return Files.isDirectory(pluginDir) && Files.isRegularFile(pluginDir.resolve(MARKER));
  }

  /**
   * Whether the plugins command installs into {@code dir}: it holds a marked plugin or staging
   * debris. Such a directory is never put on plugin.path as a whole.
   */
  public static boolean isManaged(Path dir) {
    return Files.isDirectory(dir.resolve(STAGING)) || !completePlugins(dir).isEmpty();
  }

  /** The marked plugin directories of {@code dir}, sorted by name. */
  public static List<Path> completePlugins(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> children = Files.list(dir)) {
      return children
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .filter(InstalledPlugins::isComplete)
          .sorted(Comparator.comparing(p -> p.getFileName().toString()))
          .toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  /** The identity recorded when {@code name} was installed here, if it was installed completely. */
  public Optional<String> installedIdentity(String name) {
    Path marker = dir.resolve(name).resolve(MARKER);
    if (!Files.isRegularFile(marker)) {
      return Optional.empty();
    }
    try {
      JsonNode node = JSON.readTree(marker.toFile());
      return Optional.ofNullable(node.path("source").asText(null));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** A fresh, empty staging directory for {@code name}. */
  public Path staging(String name) throws IOException {
    Path staging = dir.resolve(STAGING).resolve(name);
    deleteRecursively(staging);
    Files.createDirectories(staging);
    return staging;
  }

  /** Marks the staged plugin complete and renames it into place, replacing an older copy. */
  public Path commit(String name, Path staged, String identity, String sha512) throws IOException {
    Map<String, String> marker = new LinkedHashMap<>();
    marker.put("source", identity);
    marker.put("sha512", sha512);
    Path content = staged.resolve("content");
    Files.write(content.resolve(MARKER), JSON.writeValueAsBytes(marker));
    Path target = dir.resolve(name);
    if (Files.exists(target)) {
      Path old = dir.resolve(STAGING).resolve(name + ".old");
      deleteRecursively(old);
      Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
    }
    Files.move(content, target, StandardCopyOption.ATOMIC_MOVE);
    return target;
  }

  /**
   * After a successful run: no staging left, and no plugin that the resource no longer lists (the
   * volume then holds exactly the plugins installed). Unmarked entries are not ours and stay.
   */
  public void cleanUp(Set<String> keep) throws IOException {
    deleteRecursively(dir.resolve(STAGING));
    List<Path> stale = new ArrayList<>();
    for (Path plugin : completePlugins(dir)) {
      if (!keep.contains(plugin.getFileName().toString())) {
        stale.add(plugin);
      }
    }
    for (Path plugin : stale) {
      deleteRecursively(plugin);
    }
  }

  static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(
        path,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
            if (e != null) {
              throw e;
            }
            Files.delete(d);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}

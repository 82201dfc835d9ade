package io.confluent.csid.kafka.connect.k8s.runner.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Lays out real connector jars from the test classpath as Connect plugin directories ({@code
 * <root>/<plugin>/*.jar}), the way the pods get them, so subprocess runners load them through
 * plugin.path and isolated class loaders.
 */
public final class PluginDirs {

  private PluginDirs() {}

  /** Copies the jars holding the given classes into {@code root/plugin}. */
  public static Path install(Path root, String plugin, Class<?>... classesFromJars) {
    Path dir = root.resolve(plugin);
    try {
      Files.createDirectories(dir);
      for (Class<?> type : classesFromJars) {
        Path jar = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        Files.copy(jar, dir.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    return dir;
  }
}

package io.confluent.csid.kafka.connect.k8s.runner.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.confluent.csid.kafka.connect.k8s.runner.testing.PluginArchives;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveExtractorTest {

  @TempDir Path dir;

  private Path extract(byte[] archive, PluginSource.ArchiveType type) throws Exception {
    Path file = dir.resolve("download");
    Files.write(file, archive);
    Path target = dir.resolve("plugin");
    new ArchiveExtractor(1024 * 1024).extract(file, type, "/x/p.archive", target);
    return target;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aTarSlipEntryIsRefused() {
    byte[] tar = PluginArchives.tarGz(Map.of("top/../../escaped", bytes("x")), Map.of());
    assertThatThrownBy(() -> extract(tar, PluginSource.ArchiveType.TAR_GZ))
        .isInstanceOf(PluginFailure.class)
        .hasMessage(
            "archive entry 'top/../../escaped' would be written outside the plugin directory"
                + " (zip-slip); refusing the archive");
    assertThat(dir.getParent().resolve("escaped")).doesNotExist();
  }

  @Test
  void anAbsolutePathIsRefused() {
    byte[] zip = PluginArchives.zip(Map.of("/tmp/owned", bytes("x")));
    assertThatThrownBy(() -> extract(zip, PluginSource.ArchiveType.ZIP))
        .hasMessage("archive entry '/tmp/owned' has an absolute path; refusing the archive");
  }

  @Test
  void linksPointingOutsideAreRefused() {
    byte[] tar =
        PluginArchives.tarGz(Map.of("p/lib/a.jar", bytes("x")), Map.of("p/lib/etc", "/etc"));
    assertThatThrownBy(() -> extract(tar, PluginSource.ArchiveType.TAR_GZ))
        .hasMessage(
            "archive entry 'p/lib/etc' is a link to '/etc', outside the plugin directory;"
                + " refusing the archive");
    byte[] up =
        PluginArchives.tarGz(Map.of("p/lib/a.jar", bytes("x")), Map.of("p/lib/up", "../../.."));
    assertThatThrownBy(() -> extract(up, PluginSource.ArchiveType.TAR_GZ))
        .hasMessageContaining("is a link to '../../..', outside the plugin directory");
    byte[] zip = PluginArchives.zipWithLink("lib/passwd", "../../../../etc/passwd");
    assertThatThrownBy(() -> extract(zip, PluginSource.ArchiveType.ZIP))
        .hasMessageContaining("is a link to '../../../../etc/passwd', outside the plugin");
  }

  @Test
  void linksInsideAreNotCreated() throws Exception {
    Path target =
        extract(
            PluginArchives.tarGz(Map.of("p/lib/a.jar", bytes("x")), Map.of("p/lib/b.jar", "a.jar")),
            PluginSource.ArchiveType.TAR_GZ);
    assertThat(target.resolve("lib/a.jar")).hasContent("x");
    assertThat(target.resolve("lib/b.jar")).doesNotExist();
  }

  @Test
  void looseFilesGoUnderLibAndAHubLayoutStaysAsItIs() throws Exception {
    Map<String, byte[]> loose = new LinkedHashMap<>();
    loose.put("a.jar", bytes("a"));
    loose.put("deps/b.jar", bytes("b"));
    Path target = extract(PluginArchives.zip(loose), PluginSource.ArchiveType.ZIP);
    assertThat(target.resolve("lib/a.jar")).hasContent("a");
    assertThat(target.resolve("lib/deps/b.jar")).hasContent("b");

    Map<String, byte[]> hub = new LinkedHashMap<>();
    hub.put("o-n-1/manifest.json", bytes("{}"));
    hub.put("o-n-1/lib/c.jar", bytes("c"));
    Path hubTarget = dir.resolve("hub");
    Files.write(dir.resolve("hub.zip"), PluginArchives.zip(hub));
    new ArchiveExtractor(1024)
        .extract(dir.resolve("hub.zip"), PluginSource.ArchiveType.ZIP, "hub.zip", hubTarget);
    assertThat(hubTarget.resolve("manifest.json")).exists();
    assertThat(hubTarget.resolve("lib/c.jar")).hasContent("c");
  }

  @Test
  void anArchiveThatUnpacksTooLargeIsRefused() throws Exception {
    Path file = dir.resolve("bomb.tgz");
    Files.write(file, PluginArchives.tarGz(Map.of("p/big", new byte[10_000]), Map.of()));
    assertThatThrownBy(
            () ->
                new ArchiveExtractor(1000)
                    .extract(file, PluginSource.ArchiveType.TAR_GZ, "bomb.tgz", dir.resolve("t")))
        .hasMessage("archive unpacks to more than 1000 bytes; refusing it");
  }

  @Test
  void aPlainJarGoesIntoLib() throws Exception {
    Path target = extract(bytes("jar"), PluginSource.ArchiveType.JAR);
    assertThat(target.resolve("lib/p.archive")).hasContent("jar");
  }
}

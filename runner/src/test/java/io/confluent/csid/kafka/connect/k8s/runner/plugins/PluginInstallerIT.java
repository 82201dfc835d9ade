package io.confluent.csid.kafka.connect.k8s.runner.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import io.confluent.csid.kafka.connect.k8s.runner.PodContract;
import io.confluent.csid.kafka.connect.k8s.runner.testing.PluginArchives;
import io.confluent.csid.kafka.connect.k8s.runner.testing.PluginRepository;
import java.io.IOException;
import java.net.ProxySelector;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.connect.file.FileStreamSourceConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The installer against a loopback Hub, Maven repository and file host: every source installs in
 * the layout Connect loads, and every way a download can go wrong ends in its own one-line reason
 * and exit code.
 */
class PluginInstallerIT {

  @TempDir Path dir;
  private PluginRepository repo;
  private Path install;
  private Path image;

  @BeforeEach
  void start() throws IOException {
    repo = new PluginRepository();
    install = dir.resolve("volume");
    image = Files.createDirectories(dir.resolve("image"));
  }

  @AfterEach
  void stop() {
    repo.close();
  }

  private PluginSettings settings(boolean allowHttp, Duration stall) {
    return new PluginSettings(
        URI.create(repo.hubUrl()),
        URI.create(repo.mavenUrl()),
        50L * 1024 * 1024,
        allowHttp,
        install,
        List.of(image),
        Duration.ofSeconds(5),
        stall,
        2,
        Duration.ofMillis(50),
        4);
  }

  private List<PluginInstaller.Outcome> install(boolean allowHttp, String... coordinates)
      throws IOException {
    return installWith(settings(allowHttp, Duration.ofSeconds(20)), Optional.empty(), coordinates);
  }

  private List<PluginInstaller.Outcome> installWith(
      PluginSettings settings, Optional<String> json, String... coordinates) throws IOException {
    return new PluginInstaller(settings, new Downloader(settings, ProxySelector.of(null)))
        .installAll(PluginRequests.parse(List.of(coordinates), json));
  }

  private PluginFailure failure(ThrowingRunnable run) {
    try {
      run.run();
    } catch (PluginFailure e) {
      return e;
    } catch (Exception e) {
      throw new AssertionError("expected a PluginFailure, got " + e, e);
    }
    throw new AssertionError("expected a PluginFailure, but it installed");
  }

  interface ThrowingRunnable {
    void run() throws Exception;
  }

  @Test
  void everySourceInstallsInParallelInTheLayoutConnectLoads() throws IOException {
    repo.publishHub(
        "acme",
        "file-connector",
        "1.0.0",
        PluginArchives.hubZip("acme", "file-connector", "1.0.0", FileStreamSourceConnector.class));
    repo.publishMaven(
        "org/example/connect/file-plugin/1.0/file-plugin-1.0-plugin.tar.gz",
        PluginArchives.tarGz("file-plugin", FileStreamSourceConnector.class));
    String jar = PluginArchives.jarName(FileStreamSourceConnector.class);
    String url =
        repo.publish("/files/" + jar, PluginArchives.jarOf(FileStreamSourceConnector.class));

    List<PluginInstaller.Outcome> outcomes =
        install(
            true,
            "acme/file-connector:1.0.0",
            "org.example.connect:file-plugin:1.0:plugin:tar.gz",
            url);

    assertThat(outcomes).containsOnly(PluginInstaller.Outcome.INSTALLED);
    // Confluent Hub's layout, as its own client installs it: <owner>-<name>/ with lib/.
    Path hub = install.resolve("acme-file-connector");
    assertThat(hub.resolve("manifest.json")).exists();
    assertThat(hub.resolve("doc/LICENSE")).exists();
    assertThat(hub.resolve("lib").resolve(jar)).exists();
    // The tarball's top folder dropped, its content under lib/.
    assertThat(install.resolve("file-plugin/lib").resolve(jar)).exists();
    assertThat(install.resolve("file-plugin/lib/README.md")).exists();
    String urlName = jar.substring(0, jar.length() - ".jar".length());
    assertThat(install.resolve(urlName).resolve("lib").resolve(jar)).exists();
    assertThat(InstalledPlugins.completePlugins(install))
        .extracting(p -> p.getFileName().toString())
        .containsExactlyInAnyOrder("acme-file-connector", "file-plugin", urlName);
    assertThat(install.resolve(InstalledPlugins.STAGING)).doesNotExist();
  }

  @Test
  void aPluginAlreadyInstalledOrBakedIntoTheImageIsNotFetchedAgain() throws IOException {
    byte[] zip = PluginArchives.hubZip("acme", "cached", "1.0.0", FileStreamSourceConnector.class);
    repo.publishHub("acme", "cached", "1.0.0", zip);
    Files.createDirectories(image.resolve("acme-baked/lib"));

    assertThat(install(true, "acme/cached:1.0.0", "acme/baked:2.0.0"))
        .containsExactly(PluginInstaller.Outcome.INSTALLED, PluginInstaller.Outcome.IN_IMAGE);
    int before = repo.requests().size();
    assertThat(install(true, "acme/cached:1.0.0", "acme/baked:2.0.0"))
        .containsExactly(
            PluginInstaller.Outcome.ALREADY_INSTALLED, PluginInstaller.Outcome.IN_IMAGE);
    assertThat(repo.requests()).hasSize(before);
    // Nothing of the baked plugin was downloaded or put into the volume.
    assertThat(repo.requests()).noneMatch(r -> r.contains("baked"));
    assertThat(install.resolve("acme-baked")).doesNotExist();
  }

  @Test
  void aNewVersionReplacesTheOldAndUnlistedPluginsLeaveTheVolume() throws IOException {
    repo.publishHub(
        "acme",
        "p",
        "1.0.0",
        PluginArchives.hubZip("acme", "p", "1.0.0", FileStreamSourceConnector.class));
    repo.publishHub(
        "acme",
        "p",
        "2.0.0",
        PluginArchives.hubZip("acme", "p", "2.0.0", FileStreamSourceConnector.class));
    repo.publishHub(
        "acme",
        "q",
        "1.0.0",
        PluginArchives.hubZip("acme", "q", "1.0.0", FileStreamSourceConnector.class));
    install(true, "acme/p:1.0.0", "acme/q:1.0.0");

    assertThat(install(true, "acme/p:2.0.0")).containsExactly(PluginInstaller.Outcome.INSTALLED);
    assertThat(Files.readString(install.resolve("acme-p/manifest.json"))).contains("2.0.0");
    assertThat(install.resolve("acme-q")).doesNotExist();
  }

  @Test
  void aStructuredEntryWithTheRightSha512Installs() throws IOException {
    byte[] jar = PluginArchives.jarOf(FileStreamSourceConnector.class);
    String url = repo.publish("/files/file.jar", jar);
    String json =
        "[{\"name\":\"files\",\"url\":\""
            + url
            + "\",\"sha512\":\""
            + PluginArchives.hex("SHA-512", jar).toUpperCase()
            + "\"}]";
    assertThat(installWith(settings(true, Duration.ofSeconds(20)), Optional.of(json)))
        .containsExactly(PluginInstaller.Outcome.INSTALLED);
    assertThat(install.resolve("files/lib/file.jar")).hasBinaryContent(jar);
  }

  @Test
  void aSha512MismatchFailsWithBothValues() {
    byte[] jar = PluginArchives.jarOf(FileStreamSourceConnector.class);
    String url = repo.publish("/files/file.jar", jar);
    String wrong = "ab".repeat(64);
    String json = "[{\"name\":\"files\",\"url\":\"" + url + "\",\"sha512\":\"" + wrong + "\"}]";

    PluginFailure failure =
        failure(() -> installWith(settings(true, Duration.ofSeconds(20)), Optional.of(json)));

    assertThat(failure.getMessage())
        .startsWith("Plugin files (" + url + "): checksum mismatch: SHA-512 of " + url)
        .contains("is " + PluginArchives.hex("SHA-512", jar))
        .endsWith("but spec (sha512) expects " + wrong)
        .doesNotContain("\n");
    assertThat(failure.exitCode()).isEqualTo(PodContract.EXIT_BAD_INPUT);
    assertThat(install.resolve("files")).doesNotExist();
  }

  @Test
  void aChecksumConfluentHubPublishesIsVerified() {
    byte[] zip =
        PluginArchives.hubZip("acme", "tampered", "1.0.0", FileStreamSourceConnector.class);
    repo.publishHub("acme", "tampered", "1.0.0", zip, "0".repeat(40));

    PluginFailure failure = failure(() -> install(true, "acme/tampered:1.0.0"));

    assertThat(failure.getMessage())
        .startsWith("Plugin acme-tampered (acme/tampered:1.0.0): checksum mismatch: SHA-1 of ")
        .endsWith("but Confluent Hub expects " + "0".repeat(40));
    assertThat(failure.exitCode()).isEqualTo(PodContract.EXIT_BAD_INPUT);
  }

  @Test
  void aZipSlipArchiveIsRefusedAndNothingEscapes() {
    repo.publishHub(
        "evil",
        "slip",
        "1.0.0",
        PluginArchives.zip(
            Map.of(
                "evil-slip-1.0.0/lib/ok.jar",
                new byte[] {1},
                "evil-slip-1.0.0/../../../escaped.txt",
                "owned".getBytes(StandardCharsets.UTF_8))));

    PluginFailure failure = failure(() -> install(true, "evil/slip:1.0.0"));

    assertThat(failure.getMessage())
        .isEqualTo(
            "Plugin evil-slip (evil/slip:1.0.0): archive entry"
                + " 'evil-slip-1.0.0/../../../escaped.txt' would be written outside the plugin"
                + " directory (zip-slip); refusing the archive");
    assertThat(failure.exitCode()).isEqualTo(PodContract.EXIT_BAD_INPUT);
    assertThat(dir.resolve("escaped.txt")).doesNotExist();
    assertThat(install.resolve("evil-slip")).doesNotExist();
  }

  @Test
  void aMissingHubComponentSaysSo() {
    PluginFailure failure = failure(() -> install(true, "acme/nothing:9.9.9"));

    assertThat(failure.getMessage())
        .isEqualTo(
            "Plugin acme-nothing (acme/nothing:9.9.9): Confluent Hub has no acme/nothing:9.9.9 ("
                + repo.hubUrl()
                + "/acme/nothing/versions/9.9.9 was not found (HTTP 404)): check owner, name and"
                + " version, or the Hub URL");
    assertThat(failure.exitCode()).isEqualTo(PodContract.EXIT_BAD_INPUT);
  }

  @Test
  void aMissingMavenArtifactSaysSo() {
    PluginFailure failure = failure(() -> install(true, "org.example:absent:1.0:plugin:tar.gz"));

    assertThat(failure.getMessage())
        .startsWith(
            "Plugin absent (org.example:absent:1.0:plugin:tar.gz): the Maven repository has no"
                + " org.example:absent:1.0:plugin:tar.gz (")
        .contains("was not found (HTTP 404)");
  }

  @Test
  void aStalledServerIsAbandonedAfterItsRetries() {
    String url = repo.stalling("/files/stuck.jar", 1000);
    long start = System.nanoTime();

    PluginFailure failure =
        failure(() -> installWith(settings(true, Duration.ofSeconds(1)), Optional.empty(), url));

    assertThat(failure.getMessage())
        .isEqualTo(
            "Plugin stuck ("
                + url
                + "): "
                + url
                + " stalled: no data for 1s (stall timeout) (2 attempts)");
    assertThat(failure.exitCode()).isEqualTo(PodContract.EXIT_FAILED);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
  }

  @Test
  void plainHttpNeedsTheResourceToAllowIt() {
    String url = repo.publish("/files/file.jar", new byte[] {1, 2, 3});

    PluginFailure failure = failure(() -> install(false, url));

    assertThat(failure.getMessage())
        .isEqualTo(
            "Plugin file ("
                + url
                + "): "
                + url
                + " is plain http: use https, or set spec.allowInsecurePluginDownloads: true");
    assertThat(failure.exitCode()).isEqualTo(PodContract.EXIT_BAD_INPUT);
    assertThat(repo.requests()).isEmpty();
  }

  @Test
  void credentialsInAUrlNeverAppearInAMessage() {
    String url = repo.baseUrl().replace("http://", "http://robot:s3cret@") + "/x/p.jar?token=abc";

    PluginFailure failure = failure(() -> install(true, url));

    assertThat(failure.getMessage())
        .contains("http://***@127.0.0.1:")
        .contains("/x/p.jar?***")
        .doesNotContain("s3cret")
        .doesNotContain("robot")
        .doesNotContain("abc");
  }

  @Test
  void aDownloadOverTheSizeLimitIsRefused() {
    String url = repo.publish("/files/big.jar", new byte[4096]);
    PluginSettings small =
        new PluginSettings(
            URI.create(repo.hubUrl()),
            URI.create(repo.mavenUrl()),
            1024,
            true,
            install,
            List.of(),
            Duration.ofSeconds(5),
            Duration.ofSeconds(5),
            2,
            Duration.ofMillis(50),
            2);

    PluginFailure failure = failure(() -> installWith(small, Optional.empty(), url));

    assertThat(failure.getMessage())
        .contains(url + " is larger than the limit of 1024 bytes (at least 4096)");
    assertThat(failure.exitCode()).isEqualTo(PodContract.EXIT_BAD_INPUT);
  }
}

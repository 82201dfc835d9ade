package io.confluent.csid.kafka.connect.k8s.runner.plugins;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jboss.logging.Logger;

/**
 * Installs every requested plugin into the plugins volume, in parallel: skipped when the same
 * source is already installed there or a plugin of that name is baked into the image; otherwise
 * resolved, downloaded, verified against every checksum known for it, unpacked and committed. The
 * first failing plugin (in the resource's order) is the one reported.
 */
public final class PluginInstaller {

  private static final Logger LOG = Logger.getLogger(PluginInstaller.class);

  /** What happened to one plugin. */
  public enum Outcome {
    INSTALLED,
    ALREADY_INSTALLED,
    IN_IMAGE
  }

  private final PluginSettings settings;
  private final Downloader downloader;
  private final InstalledPlugins installed;
  private final HubResolver hub;
  private final MavenResolver maven;
  private final ArchiveExtractor extractor;

  public PluginInstaller(PluginSettings settings, Downloader downloader) {
    this.settings = settings;
    this.downloader = downloader;
    this.installed = new InstalledPlugins(settings.installDir());
    this.hub = new HubResolver(settings.hubUrl(), downloader);
    this.maven = new MavenResolver(settings.mavenRepository(), downloader);
    // Jars are already compressed: an unpacked plugin far larger than its download is suspect.
    this.extractor = new ArchiveExtractor(2 * settings.maxBytes());
  }

  public List<Outcome> installAll(List<PluginRequest> requests) throws IOException {
    Files.createDirectories(settings.installDir());
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.max(1, Math.min(settings.parallelism(), requests.size())));
    try {
      List<Future<Outcome>> futures = new ArrayList<>();
      for (PluginRequest request : requests) {
        futures.add(pool.submit(() -> install(request)));
      }
      List<Outcome> outcomes = new ArrayList<>();
      PluginFailure first = null;
      int failures = 0;
      for (int i = 0; i < futures.size(); i++) {
        try {
          outcomes.add(futures.get(i).get());
        } catch (ExecutionException e) {
          failures++;
          PluginFailure failure = asFailure(requests.get(i), e.getCause());
          LOG.error(failure.getMessage());
          if (first == null) {
            first = failure;
          }
        }
      }
      if (first != null) {
        throw failures == 1
            ? first
            : new PluginFailure(
                first.getMessage() + " (and " + (failures - 1) + " more failed plugin(s))",
                first.isTransient());
      }
      Set<String> names = new HashSet<>();
      requests.forEach(r -> names.add(r.name()));
      installed.cleanUp(names);
      return outcomes;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw PluginFailure.transientFailure("interrupted while installing plugins");
    } finally {
      pool.shutdownNow();
    }
  }

  private static PluginFailure asFailure(PluginRequest request, Throwable cause) {
    if (cause instanceof PluginFailure failure) {
      return failure.forPlugin(request.label());
    }
    return PluginFailure.transientFailure(
            cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : ": " + cause.getMessage()))
        .forPlugin(request.label());
  }

  Outcome install(PluginRequest request) throws IOException {
    String identity = identity(request);
    if (installed.installedIdentity(request.name()).filter(identity::equals).isPresent()) {
      LOG.infof("Plugin %s is already installed", request.label());
      return Outcome.ALREADY_INSTALLED;
    }
    for (Path present : settings.presentDirs()) {
      if (Files.isDirectory(present.resolve(request.name()))) {
        LOG.infof(
            "Plugin %s is in the image (%s): not downloading it",
            request.label(), present.resolve(request.name()));
        return Outcome.IN_IMAGE;
      }
    }
    Artifact artifact = resolve(request);
    Path staging = installed.staging(request.name());
    long start = System.nanoTime();
    LOG.infof("Downloading plugin %s from %s", request.label(), Redaction.url(artifact.uri()));
    Downloader.Download download = download(request, artifact, staging.resolve("download"));
    String what = Redaction.url(artifact.uri());
    request
        .sha512()
        .ifPresent(sha -> download.checksums().verify("SHA-512", sha, "spec (sha512)", what));
    for (Artifact.Published published : artifact.checksums()) {
      download
          .checksums()
          .verify(published.algorithm(), published.hex(), published.publisher(), what);
    }
    extractor.extract(
        download.file(), artifact.type(), artifact.uri().getPath(), staging.resolve("content"));
    Files.delete(download.file());
    installed.commit(request.name(), staging, identity, download.checksums().sha512());
    LOG.infof(
        "Installed plugin %s (%d bytes, sha512 %s) in %d ms",
        request.label(),
        download.bytes(),
        download.checksums().sha512(),
        (System.nanoTime() - start) / 1_000_000);
    return Outcome.INSTALLED;
  }

  /** A pinned checksum is part of the identity: pinning a different one reinstalls. */
  private static String identity(PluginRequest request) {
    return request.source().identity() + request.sha512().map(s -> " sha512:" + s).orElse("");
  }

  private Artifact resolve(PluginRequest request) {
    PluginSource source = request.source();
    if (source instanceof PluginSource.Hub coordinate) {
      return hub.resolve(coordinate);
    }
    if (source instanceof PluginSource.Maven coordinate) {
      return maven.resolve(coordinate);
    }
    PluginSource.Url url = (PluginSource.Url) source;
    return new Artifact(url.uri(), url.archiveType(), List.of());
  }

  private Downloader.Download download(PluginRequest request, Artifact artifact, Path file) {
    try {
      return downloader.toFile(artifact.uri(), file);
    } catch (Downloader.NotFound e) {
      if (request.source() instanceof PluginSource.Maven coordinate) {
        throw PluginFailure.permanent(
            "the Maven repository has no "
                + coordinate.describe()
                + " ("
                + e.getMessage()
                + "): check the coordinates or the repository URL");
      }
      throw e;
    }
  }
}

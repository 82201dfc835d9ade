package io.confluent.csid.kafka.connect.k8s.runner.plugins;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * A Maven repository layout ({@code
 * group/as/path/artifact/version/artifact-version[-classifier].type}). The {@code .sha1} file every
 * Maven repository serves next to an artifact is verified when present.
 */
final class MavenResolver {

  private static final Logger LOG = Logger.getLogger(MavenResolver.class);
  static final String PUBLISHER = "the Maven repository";

  private final URI repository;
  private final Downloader downloader;

  MavenResolver(URI repository, Downloader downloader) {
    this.repository = repository;
    this.downloader = downloader;
  }

  Artifact resolve(PluginSource.Maven coordinate) {
    URI file = URI.create(repository + "/" + coordinate.path());
    Optional<String> sha1 = downloader.optionalText(URI.create(file + ".sha1"));
    if (sha1.isEmpty()) {
      LOG.warnf("%s publishes no .sha1 for %s", Redaction.url(repository), coordinate.describe());
    }
    return new Artifact(
        file,
        coordinate.archiveType(),
        sha1.filter(s -> !s.isBlank())
            .map(s -> List.of(new Artifact.Published("SHA-1", s, PUBLISHER)))
            .orElse(List.of()));
  }
}

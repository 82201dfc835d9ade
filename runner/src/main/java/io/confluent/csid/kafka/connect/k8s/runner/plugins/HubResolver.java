package io.confluent.csid.kafka.connect.k8s.runner.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Confluent Hub: {@code GET {hub}/{owner}/{name}/versions/{version}} returns the component's
 * manifest, whose {@code archive} names the zip ({@code url}) and its {@code md5} and {@code sha1};
 * both are verified when published. The base URL is configurable for mirrors serving the same API.
 */
final class HubResolver {

  private static final Logger LOG = Logger.getLogger(HubResolver.class);
  static final String PUBLISHER = "Confluent Hub";

  private final URI hub;
  private final Downloader downloader;

  HubResolver(URI hub, Downloader downloader) {
    this.hub = hub;
    this.downloader = downloader;
  }

  Artifact resolve(PluginSource.Hub coordinate) {
    URI api =
        URI.create(
            hub
                + "/"
                + coordinate.owner()
                + "/"
                + coordinate.name()
                + "/versions/"
                + coordinate.version());
    String json;
    try {
      json = downloader.text(api);
    } catch (Downloader.NotFound e) {
      throw PluginFailure.permanent(
          "Confluent Hub has no "
              + coordinate.describe()
              + " ("
              + e.getMessage()
              + "): check owner, name and version, or the Hub URL");
    }
    JsonNode archive;
    try {
      archive = new ObjectMapper().readTree(json).path("archive");
    } catch (Exception e) {
      throw PluginFailure.permanent(
          "Confluent Hub answered " + Redaction.url(api) + " with something that is not JSON");
    }
    String url = archive.path("url").asText("");
    if (url.isBlank()) {
      throw PluginFailure.permanent(
          "Confluent Hub's manifest at " + Redaction.url(api) + " names no archive.url");
    }
    List<Artifact.Published> checksums = new ArrayList<>();
    if (!archive.path("sha1").asText("").isBlank()) {
      checksums.add(new Artifact.Published("SHA-1", archive.path("sha1").asText(), PUBLISHER));
    }
    if (!archive.path("md5").asText("").isBlank()) {
      checksums.add(new Artifact.Published("MD5", archive.path("md5").asText(), PUBLISHER));
    }
    if (checksums.isEmpty()) {
      LOG.warnf("Confluent Hub publishes no checksum for %s", coordinate.describe());
    }
    URI archiveUri = api.resolve(url.trim());
    PluginSource.ArchiveType type = PluginSource.ArchiveType.ofFileName(archiveUri.getPath());
    return new Artifact(
        archiveUri, type == null ? PluginSource.ArchiveType.ZIP : type, List.copyOf(checksums));
  }
}

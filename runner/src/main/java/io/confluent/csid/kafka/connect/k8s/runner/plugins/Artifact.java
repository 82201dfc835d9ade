package io.confluent.csid.kafka.connect.k8s.runner.plugins;

import java.net.URI;
import java.util.List;

/**
 * A resolved plugin file: where to download it, how to unpack it, and the checksums its source
 * publishes (verified after the download).
 */
public record Artifact(URI uri, PluginSource.ArchiveType type, List<Published> checksums) {

  /** A checksum published next to the file. */
  public record Published(String algorithm, String hex, String publisher) {}
}

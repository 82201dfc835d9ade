package io.confluent.csid.kafka.connect.k8s.runner.plugins;

import java.util.Optional;

/**
 * One plugin to install: its directory name under the plugins volume, its source and the sha512
 * (lower-case hex) the resource pins, if any.
 */
public record PluginRequest(String name, PluginSource source, Optional<String> sha512) {

  /** For messages: the name, and the source when the name alone does not say it. */
  public String label() {
    String source = source().describe();
    return source.equals(name) ? name : name + " (" + source + ")";
  }
}

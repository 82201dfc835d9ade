package io.confluent.csid.kafka.connect.k8s.runner.cli;

import io.confluent.csid.kafka.connect.k8s.runner.RunnerSettings;
import org.eclipse.microprofile.config.ConfigProvider;

/** Runner settings from Quarkus config: application.properties, system properties, environment. */
final class Settings {

  private Settings() {}

  static RunnerSettings load() {
    var config = ConfigProvider.getConfig();
    return RunnerSettings.from(key -> config.getOptionalValue(key, String.class));
  }
}

package io.confluent.csid.kafka.connect.k8s.runner.plugins;

import io.confluent.csid.kafka.connect.k8s.runner.BadInputException;
import io.confluent.csid.kafka.connect.k8s.runner.PodContract;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * How the {@code plugins} command downloads, from Quarkus config keys (environment variables such
 * as {@code CONNECT_K8S_PLUGINS_HUB_URL} override them; the operator sets those).
 *
 * @param installDir where plugins go: the pod's plugins volume
 * @param presentDirs other plugin directories (baked into the image): a plugin of the same name
 *     there is not downloaded
 * @param stallTimeout a download that receives no byte for this long is abandoned (and retried)
 */
public record PluginSettings(
    URI hubUrl,
    URI mavenRepository,
    long maxBytes,
    boolean allowHttp,
    Path installDir,
    List<Path> presentDirs,
    Duration connectTimeout,
    Duration stallTimeout,
    int attempts,
    Duration backoff,
    int parallelism) {

  public static final String DEFAULT_HUB_URL = "https://api.hub.confluent.io/api/plugins";
  public static final String DEFAULT_MAVEN_REPOSITORY = "https://repo1.maven.org/maven2";
  public static final long DEFAULT_MAX_BYTES = 512L * 1024 * 1024;

  public static PluginSettings from(
      Function<String, Optional<String>> config, List<Path> pluginDirs) {
    Path install =
        Path.of(
            value(config, "connect-k8s.plugins.install-dir")
                .orElse(PodContract.DOWNLOADED_PLUGINS_DIR));
    List<Path> present =
        pluginDirs.stream()
            .filter(d -> !d.toAbsolutePath().equals(install.toAbsolutePath()))
            .toList();
    return new PluginSettings(
        base(config, "connect-k8s.plugins.hub-url", DEFAULT_HUB_URL),
        base(config, "connect-k8s.plugins.maven-repository", DEFAULT_MAVEN_REPOSITORY),
        number(config, "connect-k8s.plugins.max-bytes", DEFAULT_MAX_BYTES),
        value(config, "connect-k8s.plugins.allow-http").map(Boolean::parseBoolean).orElse(false),
        install,
        present,
        seconds(config, "connect-k8s.plugins.connect-timeout", 10),
        seconds(config, "connect-k8s.plugins.stall-timeout", 30),
        (int) number(config, "connect-k8s.plugins.attempts", 4),
        seconds(config, "connect-k8s.plugins.backoff", 1),
        (int) number(config, "connect-k8s.plugins.parallelism", 4));
  }

  private static Optional<String> value(Function<String, Optional<String>> config, String key) {
    return config.apply(key).map(String::trim).filter(v -> !v.isEmpty());
  }

  private static URI base(Function<String, Optional<String>> config, String key, String def) {
    String text = value(config, key).orElse(def);
    while (text.endsWith("/")) {
      text = text.substring(0, text.length() - 1);
    }
    try {
      URI uri = URI.create(text);
      if (uri.getScheme() == null || uri.getHost() == null) {
        throw new IllegalArgumentException("no scheme or host");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw new BadInputException(key + "=" + Redaction.url(text) + " is not an http(s) URL");
    }
  }

  private static long number(Function<String, Optional<String>> config, String key, long def) {
    Optional<String> text = value(config, key);
    try {
      long value = text.map(Long::parseLong).orElse(def);
      if (value < 1) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw new BadInputException(key + "=" + text.orElse("") + " is not a positive number");
    }
  }

  /** Seconds, fractions allowed (tests use short timeouts). */
  private static Duration seconds(
      Function<String, Optional<String>> config, String key, double def) {
    Optional<String> text = value(config, key);
    try {
      double value = text.map(Double::parseDouble).orElse(def);
      if (value < 0) {
        throw new NumberFormatException();
      }
      return Duration.ofMillis((long) (value * 1000));
    } catch (NumberFormatException e) {
      throw new BadInputException(key + "=" + text.orElse("") + " is not a number of seconds");
    }
  }
}

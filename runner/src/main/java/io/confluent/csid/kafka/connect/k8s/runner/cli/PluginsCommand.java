package io.confluent.csid.kafka.connect.k8s.runner.cli;

import io.confluent.csid.kafka.connect.k8s.runner.BadInputException;
import io.confluent.csid.kafka.connect.k8s.runner.PodContract;
import io.confluent.csid.kafka.connect.k8s.runner.RunnerSettings;
import io.confluent.csid.kafka.connect.k8s.runner.TerminationMessage;
import io.confluent.csid.kafka.connect.k8s.runner.plugins.Downloader;
import io.confluent.csid.kafka.connect.k8s.runner.plugins.PluginFailure;
import io.confluent.csid.kafka.connect.k8s.runner.plugins.PluginInstaller;
import io.confluent.csid.kafka.connect.k8s.runner.plugins.PluginRequest;
import io.confluent.csid.kafka.connect.k8s.runner.plugins.PluginRequests;
import io.confluent.csid.kafka.connect.k8s.runner.plugins.PluginSettings;
import io.confluent.csid.kafka.connect.k8s.runner.plugins.Proxies;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * The init container the operator adds for {@code spec.downloadPlugins} and {@code spec.plugins}:
 * installs each plugin into the plugins volume (docs/plugins.md) and exits 0, or exits with one
 * line naming the plugin and the reason, which the KafkaConnector's status then shows.
 */
@Command(
    name = PodContract.PLUGINS_COMMAND,
    description = "Install connector plugins into the plugins volume (docs/plugins.md).")
public class PluginsCommand implements Callable<Integer> {

  private static final Logger LOG = Logger.getLogger(PluginsCommand.class);

  /** The structured {@code spec.plugins} entries, a JSON array (docs/pod-contract.md). */
  public static final String ENV_PLUGINS = "CONNECT_K8S_PLUGINS";

  @Parameters(
      description =
          "Plugins: owner/name:version (Confluent Hub), group:artifact:version[:classifier[:type]]"
              + " (Maven) or an https:// URL to a .zip, .tar.gz, .tgz or .jar.")
  List<String> coordinates = List.of();

  @Override
  public Integer call() {
    var config = ConfigProvider.getConfig();
    Function<String, Optional<String>> lookup = key -> config.getOptionalValue(key, String.class);
    Path terminationLog = Path.of(PodContract.TERMINATION_LOG);
    try {
      RunnerSettings runner = RunnerSettings.from(lookup);
      terminationLog = runner.terminationLog();
      PluginSettings settings = PluginSettings.from(lookup, runner.pluginDirs());
      List<PluginRequest> requests =
          PluginRequests.parse(coordinates, Optional.ofNullable(System.getenv(ENV_PLUGINS)));
      Map<String, String> env = System.getenv();
      Proxies.describe(env).ifPresent(p -> LOG.infof("Downloading through proxy: %s", p));
      long start = System.nanoTime();
      List<PluginInstaller.Outcome> outcomes =
          new PluginInstaller(settings, new Downloader(settings, Proxies.selector(env)))
              .installAll(requests);
      LOG.infof(
          "%d plugin(s) ready in %s in %d ms: %s",
          requests.size(),
          settings.installDir(),
          (System.nanoTime() - start) / 1_000_000,
          outcomes.stream()
              .collect(Collectors.groupingBy(o -> o.name().toLowerCase(), Collectors.counting())));
      return PodContract.EXIT_STOPPED;
    } catch (BadInputException e) {
      return fail(terminationLog, e.getMessage(), PodContract.EXIT_BAD_INPUT);
    } catch (PluginFailure e) {
      return fail(terminationLog, e.getMessage(), e.exitCode());
    } catch (Exception e) {
      return fail(terminationLog, "Installing plugins failed: " + TerminationMessage.reason(e), 1);
    }
  }

  private static int fail(Path terminationLog, String reason, int exitCode) {
    LOG.error(reason);
    // One line: a plugin failure is fully described by its reason, a stack would only add noise.
    TerminationMessage.write(terminationLog, reason, null);
    return exitCode;
  }
}

package io.confluent.csid.kafka.connect.k8s.runner.cli;

import io.confluent.csid.kafka.connect.k8s.runner.PodContract;
import io.confluent.csid.kafka.connect.k8s.runner.TerminationMessage;
import java.util.List;
import java.util.concurrent.Callable;
import org.jboss.logging.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * The init container the operator adds for {@code spec.downloadPlugins}. Downloading is not built
 * yet: rather than a picocli usage dump (or silently starting without the plugins), the pod fails
 * with one line that says what to do instead, and the KafkaConnector's status shows it.
 */
@Command(
    name = PodContract.PLUGINS_COMMAND,
    description = "Install connector plugins (spec.downloadPlugins) into the plugins volume.")
public class PluginsCommand implements Callable<Integer> {

  private static final Logger LOG = Logger.getLogger(PluginsCommand.class);

  @Parameters(description = "Plugin coordinates, for example owner/name:version.")
  List<String> coordinates = List.of();

  @Override
  public Integer call() {
    String reason =
        "spec.downloadPlugins is not supported by this runner version yet ("
            + String.join(", ", coordinates)
            + "): bake the plugins into the runner image under "
            + PodContract.IMAGE_PLUGINS_DIR
            + " and remove downloadPlugins";
    LOG.error(reason);
    TerminationMessage.write(Settings.load().terminationLog(), reason, null);
    return PodContract.EXIT_BAD_INPUT;
  }
}

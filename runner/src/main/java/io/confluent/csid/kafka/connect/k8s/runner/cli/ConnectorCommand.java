package io.confluent.csid.kafka.connect.k8s.runner.cli;

import io.confluent.csid.kafka.connect.k8s.runner.BadInputException;
import io.confluent.csid.kafka.connect.k8s.runner.ConnectorProcess;
import io.confluent.csid.kafka.connect.k8s.runner.EmbeddedWorker;
import io.confluent.csid.kafka.connect.k8s.runner.PodContract;
import io.confluent.csid.kafka.connect.k8s.runner.SecretTaskConfigPublisher;
import java.util.function.Consumer;
import picocli.CommandLine.Command;

/**
 * The connector pod: validates the config, starts the connector and publishes its task configs into
 * the Secret {@code <name>-tasks}, again whenever the connector asks for a reconfiguration.
 */
@Command(
    name = PodContract.CONNECTOR_COMMAND,
    description = "Run the connector (not its tasks) and publish its task configs.")
public class ConnectorCommand extends PodCommand {

  @Override
  void start(PodInputs inputs, Consumer<AutoCloseable> closer) throws Exception {
    String name = inputs.name();
    String hash =
        inputs
            .settings()
            .configHash()
            .orElseThrow(() -> new BadInputException(PodContract.ENV_CONFIG_HASH + " is not set"));
    String workerId = inputs.settings().podName().orElse(name + "-connector");
    // The connector's own validate() runs before anything starts: a bad config exits 2 listing
    // every invalid field, instead of a half-started connector.
    EmbeddedWorker worker = startWorker(workerId, inputs, closer, true);

    ConnectorProcess process =
        new ConnectorProcess(
            worker,
            name,
            inputs.connectorConfig(),
            new SecretTaskConfigPublisher(inputs.client(), inputs.namespace(), name, hash),
            status);
    closer.accept(process);
    process.start(inputs.initialState());
    inputs.targetState().start(process::setTargetState);
  }
}

package io.confluent.csid.kafka.connect.k8s.runner.cli;

import io.quarkus.picocli.runtime.annotations.TopCommand;
import picocli.CommandLine.Command;

/** The runner's entry point: {@code connector}, {@code task} or {@code run}. */
@TopCommand
@Command(
    name = "connect-k8s-runner",
    mixinStandardHelpOptions = true,
    description =
        "Runs one Kafka Connect connector or task (in a pod), or a whole connector locally.",
    subcommands = {
      ConnectorCommand.class,
      TaskCommand.class,
      PluginsCommand.class,
      RunCommand.class
    })
public class RunnerCommand {}

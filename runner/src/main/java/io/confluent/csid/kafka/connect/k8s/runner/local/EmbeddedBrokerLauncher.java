package io.confluent.csid.kafka.connect.k8s.runner.local;

import java.nio.file.Path;

/**
 * Starts a throw-away single-node Kafka broker for local mode. The runner (and so the pod image)
 * has no implementation: the {@code connect-k8s-local} module provides one as a CDI bean.
 */
public interface EmbeddedBrokerLauncher {

  /** A started broker; closing it stops it and deletes its data. */
  interface Broker extends AutoCloseable {
    String bootstrapServers();
  }

  Broker start(Path dataDir) throws Exception;
}

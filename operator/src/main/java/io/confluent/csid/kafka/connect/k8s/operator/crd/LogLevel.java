package io.confluent.csid.kafka.connect.k8s.operator.crd;

/** The levels Kafka Connect's logging (log4j/reload4j and JBoss logging) understands alike. */
public enum LogLevel {
  OFF,
  FATAL,
  ERROR,
  WARN,
  INFO,
  DEBUG,
  TRACE,
  ALL
}

package io.confluent.csid.kafka.connect.k8s.runner;

/** Missing or invalid runner input: the process exits 2 with this one-line message. */
public class BadInputException extends RuntimeException {

  public BadInputException(String message) {
    super(message);
  }

  public BadInputException(String message, Throwable cause) {
    super(message, cause);
  }
}

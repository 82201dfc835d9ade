package io.confluent.csid.kafka.connect.k8s.e2e.kubelet;

/**
 * A container cannot start yet for a reason a real kubelet retries on (a missing Secret, an image
 * it cannot pull), shown as the container's waiting reason and message.
 */
final class NotReadyYet extends Exception {

  private final String reason;

  NotReadyYet(String reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  String reason() {
    return reason;
  }
}

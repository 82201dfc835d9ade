package io.confluent.csid.kafka.connect.k8s.runner;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * Writes Kubernetes' termination message: first line a one-line reason (shown by {@code kubectl
 * describe pod} and copied into the KafkaConnector status by the operator), then the stack trace.
 */
public final class TerminationMessage {

  private static final Logger LOG = Logger.getLogger(TerminationMessage.class);

  /** Kubernetes keeps at most 4096 bytes of the message. */
  static final int MAX_BYTES = 4096;

  private TerminationMessage() {}

  public static String format(String reason, Throwable cause) {
    String line = reason.replace('\n', ' ').replace('\r', ' ');
    StringBuilder text = new StringBuilder(line).append('\n');
    if (cause != null) {
      StringWriter trace = new StringWriter();
      cause.printStackTrace(new PrintWriter(trace));
      text.append(trace);
    }
    byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= MAX_BYTES) {
      return text.toString();
    }
    return new String(bytes, 0, MAX_BYTES, StandardCharsets.UTF_8);
  }

  public static void write(Path file, String reason, Throwable cause) {
    try {
      Files.writeString(file, format(reason, cause));
    } catch (IOException | RuntimeException e) {
      // Outside a pod the default path may not be writable; the log still has the reason.
      LOG.debugf("Cannot write termination message to %s: %s", file, e.getMessage());
    }
  }

  /** The reason line for a throwable: its message chain, without the stack. */
  public static String reason(Throwable t) {
    StringBuilder reason = new StringBuilder();
    Throwable current = t;
    while (current != null && reason.length() < 1000) {
      String message = current.getMessage();
      if (message != null && !message.isBlank() && reason.indexOf(message) < 0) {
        if (reason.length() > 0) {
          reason.append(": ");
        }
        reason.append(message);
      }
      current = current.getCause() == current ? null : current.getCause();
    }
    return reason.length() == 0 ? t.getClass().getName() : reason.toString();
  }
}

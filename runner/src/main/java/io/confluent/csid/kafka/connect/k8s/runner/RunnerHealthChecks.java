package io.confluent.csid.kafka.connect.k8s.runner;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/** {@code /q/health/live} and {@code /q/health/ready} follow the connector or task state. */
public final class RunnerHealthChecks {

  private RunnerHealthChecks() {}

  /** Down only when FAILED (the process is then exiting anyway). */
  @Liveness
  @ApplicationScoped
  public static class Live implements HealthCheck {
    @Inject RunnerStatus status;

    @Override
    public HealthCheckResponse call() {
      return HealthCheckResponse.named("connect")
          .status(status.state() != RunnerStatus.State.FAILED)
          .withData("state", status.state().name())
          .build();
    }
  }

  /** Up once the connector or task runs in its target state (running, paused or stopped). */
  @Readiness
  @ApplicationScoped
  public static class Ready implements HealthCheck {
    @Inject RunnerStatus status;

    @Override
    public HealthCheckResponse call() {
      RunnerStatus.State state = status.state();
      return HealthCheckResponse.named("connect")
          .status(state != RunnerStatus.State.STARTING && state != RunnerStatus.State.FAILED)
          .withData("state", state.name())
          .build();
    }
  }
}

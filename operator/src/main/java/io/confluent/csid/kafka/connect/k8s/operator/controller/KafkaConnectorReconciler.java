package io.confluent.csid.kafka.connect.k8s.operator.controller;

import io.confluent.csid.kafka.connect.k8s.operator.crd.KafkaConnector;
import io.confluent.csid.kafka.connect.k8s.operator.crd.KafkaConnectorStatus;
import io.confluent.csid.kafka.connect.k8s.operator.dependent.*;
import io.confluent.csid.kafka.connect.k8s.operator.status.Conditions;
import io.confluent.csid.kafka.connect.k8s.operator.status.ObservedPods;
import io.confluent.csid.kafka.connect.k8s.operator.status.StatusAggregator;
import io.confluent.csid.kafka.connect.k8s.operator.status.TransitionEvents;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.*;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Turns each KafkaConnector into its pods and their objects (the workflow below), then reports what
 * the pods do. Only observation, restarts and status live here; every object is built by a
 * dependent's pure builder.
 */
// Not generation-aware: the restart annotations change metadata only, never the generation.
@ControllerConfiguration(
    name = KafkaConnectorReconciler.NAME,
    generationAwareEventProcessing = false)
@Workflow(
    dependents = {
      @Dependent(name = "config-secret", type = ConnectorConfigSecretDependentResource.class),
      @Dependent(name = "task-configs-secret", type = TaskConfigsSecretDependentResource.class),
      @Dependent(name = "state-configmap", type = TargetStateConfigMapDependentResource.class),
      @Dependent(name = "service-account", type = ServiceAccountDependentResource.class),
      @Dependent(name = "role", type = RoleDependentResource.class),
      @Dependent(
          name = "role-binding",
          type = RoleBindingDependentResource.class,
          dependsOn = {"service-account", "role"}),
      @Dependent(
          name = "connector-service",
          type = ConnectorHeadlessServiceDependentResource.class),
      @Dependent(
          name = "tasks-headless-service",
          type = TasksHeadlessServiceDependentResource.class),
      @Dependent(
          name = "tasks-service",
          type = TasksServiceDependentResource.class,
          reconcilePrecondition = TasksServiceRequested.class),
      // Pods start only once everything they mount or call exists.
      @Dependent(
          name = "connector-statefulset",
          type = ConnectorStatefulSetDependentResource.class,
          dependsOn = {
            "config-secret",
            "task-configs-secret",
            "state-configmap",
            "role-binding",
            "connector-service"
          }),
      @Dependent(
          name = "tasks-statefulset",
          type = TasksStatefulSetDependentResource.class,
          dependsOn = {
            "config-secret",
            "task-configs-secret",
            "state-configmap",
            "role-binding",
            "tasks-headless-service"
          }),
    })
// Permissions beyond those the dependents imply (pods to observe and restart, the user's worker
// Secrets, Events, the leader-election Lease) are declared with the packaging, in
// application.properties, next to the rest of the operator's ClusterRole.
public class KafkaConnectorReconciler implements Reconciler<KafkaConnector> {

  public static final String NAME = "kafkaconnector";

  @Inject ConnectorEvents events;
  @Inject ConnectorMetrics metrics;

  @Override
  public List<EventSource<?, KafkaConnector>> prepareEventSources(
      EventSourceContext<KafkaConnector> context) {
    return List.of(
        SecondaryEventSources.pods(context), SecondaryEventSources.workerSecrets(context));
  }

  @Override
  public UpdateControl<KafkaConnector> reconcile(
      KafkaConnector connector, Context<KafkaConnector> context) {
    metrics.observe(context.getPrimaryCache());
    DesiredInputs inputs = DesiredInputs.from(connector, context);
    ObservedPods pods = ObservedPods.of(connector.getMetadata().getName(), podsOf(context));
    KafkaConnectorStatus previous = connector.getStatus();
    KafkaConnectorStatus status =
        StatusAggregator.aggregate(connector, inputs, pods, previous, Instant.now());

    RestartRequest restart =
        RestartRequest.of(
            connector.getMetadata().getName(), connector.getMetadata().getAnnotations(), status);
    List<TransitionEvents.Event> toRecord =
        new ArrayList<>(TransitionEvents.between(previous, status));
    if (!restart.isEmpty()) {
      Restarts.apply(context.getClient(), connector, restart);
      toRecord.add(
          restart.problem() == null
              ? new TransitionEvents.Event(
                  TransitionEvents.NORMAL,
                  "Restarted",
                  "Restarted pods " + restart.podsToDelete() + ".")
              : new TransitionEvents.Event(
                  TransitionEvents.WARNING, "InvalidRestart", restart.problem()));
    }
    events.record(context.getClient(), connector, toRecord);

    if (sameStatus(previous, status)) {
      return UpdateControl.noUpdate();
    }
    if (!context
        .getControllerConfiguration()
        .getConfigurationService()
        .useSSAToPatchPrimaryResource()) {
      // Without server-side apply the SDK sends a JSON patch computed from its cached copy, which
      // the server rejects whenever that copy lags behind; diff against the stored object instead.
      context
          .getClient()
          .resources(KafkaConnector.class)
          .inNamespace(connector.getMetadata().getNamespace())
          .withName(connector.getMetadata().getName())
          .editStatus(
              stored -> {
                stored.setStatus(status);
                return stored;
              });
      return UpdateControl.noUpdate();
    }
    return UpdateControl.patchStatus(withStatus(connector, status));
  }

  /** The exception goes into the Error condition; the SDK still retries with backoff. */
  @Override
  public ErrorStatusUpdateControl<KafkaConnector> updateErrorStatus(
      KafkaConnector connector, Context<KafkaConnector> context, Exception e) {
    KafkaConnectorStatus status =
        connector.getStatus() == null
            ? new KafkaConnectorStatus()
            : Serialization.clone(connector.getStatus());
    List<io.fabric8.kubernetes.api.model.Condition> conditions =
        new ArrayList<>(status.getConditions());
    conditions.removeIf(c -> Conditions.ERROR.equals(c.getType()));
    conditions.add(
        Conditions.of(
            Conditions.ERROR,
            true,
            "ReconcileFailed",
            String.valueOf(e.getMessage()),
            Objects.requireNonNullElse(connector.getMetadata().getGeneration(), 0L),
            status.getConditions(),
            Instant.now()));
    status.setConditions(conditions);
    if (sameStatus(connector.getStatus(), status)) {
      return ErrorStatusUpdateControl.defaultErrorProcessing();
    }
    return ErrorStatusUpdateControl.patchStatus(withStatus(connector, status));
  }

  private static List<Pod> podsOf(Context<KafkaConnector> context) {
    return context.getSecondaryResourcesAsStream(Pod.class).toList();
  }

  static boolean sameStatus(KafkaConnectorStatus a, KafkaConnectorStatus b) {
    return a != null && Serialization.asJson(a).equals(Serialization.asJson(b));
  }

  /** A fresh object holding only identity and status: the patch can never touch the spec. */
  private static KafkaConnector withStatus(KafkaConnector connector, KafkaConnectorStatus status) {
    KafkaConnector patch = new KafkaConnector();
    patch.getMetadata().setName(connector.getMetadata().getName());
    patch.getMetadata().setNamespace(connector.getMetadata().getNamespace());
    patch.setStatus(status);
    return patch;
  }
}

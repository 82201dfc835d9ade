package io.confluent.csid.kafka.connect.k8s.operator.controller;

import io.confluent.csid.kafka.connect.k8s.operator.crd.KafkaConnector;
import io.confluent.csid.kafka.connect.k8s.operator.crd.KafkaConnectorStatus;
import io.confluent.csid.kafka.connect.k8s.operator.dependent.ConnectorConfigSecretDependentResource;
import io.confluent.csid.kafka.connect.k8s.operator.dependent.ConnectorHeadlessServiceDependentResource;
import io.confluent.csid.kafka.connect.k8s.operator.dependent.ConnectorStatefulSetDependentResource;
import io.confluent.csid.kafka.connect.k8s.operator.dependent.DesiredInputs;
import io.confluent.csid.kafka.connect.k8s.operator.dependent.RoleBindingDependentResource;
import io.confluent.csid.kafka.connect.k8s.operator.dependent.RoleDependentResource;
import io.confluent.csid.kafka.connect.k8s.operator.dependent.ServiceAccountDependentResource;
import io.confluent.csid.kafka.connect.k8s.operator.dependent.SpecOrMetadataChanged;
import io.confluent.csid.kafka.connect.k8s.operator.dependent.TargetStateConfigMapDependentResource;
import io.confluent.csid.kafka.connect.k8s.operator.dependent.TaskConfigsSecretDependentResource;
import io.confluent.csid.kafka.connect.k8s.operator.dependent.TasksHeadlessServiceDependentResource;
import io.confluent.csid.kafka.connect.k8s.operator.dependent.TasksServiceDependentResource;
import io.confluent.csid.kafka.connect.k8s.operator.dependent.TasksServiceRequested;
import io.confluent.csid.kafka.connect.k8s.operator.dependent.TasksStatefulSetDependentResource;
import io.confluent.csid.kafka.connect.k8s.operator.status.Conditions;
import io.confluent.csid.kafka.connect.k8s.operator.status.ObservedPods;
import io.confluent.csid.kafka.connect.k8s.operator.status.StatusAggregator;
import io.confluent.csid.kafka.connect.k8s.operator.status.TransitionEvents;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
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
// Not generation-aware: the restart annotations change metadata only, never the generation. The
// filter still drops updates of the status alone, such as the operator's own status writes: each
// of them otherwise reconciled the connector once more only to find nothing to do.
@ControllerConfiguration(
    name = KafkaConnectorReconciler.NAME,
    generationAwareEventProcessing = false,
    informer = @Informer(onUpdateFilter = SpecOrMetadataChanged.class))
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
      toRecord.add(restart.event());
    }
    events.record(context.getClient(), connector, toRecord);

    return StatusWriter.write(context, connector, previous, status);
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
    return StatusWriter.writeError(context, connector, connector.getStatus(), status);
  }

  private static List<Pod> podsOf(Context<KafkaConnector> context) {
    return context.getSecondaryResourcesAsStream(Pod.class).toList();
  }
}

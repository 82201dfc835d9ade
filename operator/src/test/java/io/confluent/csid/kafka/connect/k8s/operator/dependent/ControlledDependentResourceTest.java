package io.confluent.csid.kafka.connect.k8s.operator.dependent;

import static io.confluent.csid.kafka.connect.k8s.operator.TestConnectors.connector;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import java.util.List;
import org.junit.jupiter.api.Test;

class ControlledDependentResourceTest {

  private static final String UID = "0b7c8a1e-5d7b-4d8e-9a3f-2a3c4e5f6a7b";

  @Test
  void everyOwnedObjectNamesTheResourceAsItsController() {
    var connector = connector("files");
    connector.getMetadata().setUid(UID);
    List<HasMetadata> owned =
        List.of(
            added(
                new ConnectorConfigSecretDependentResource(),
                ConfigObjects.connectorConfigSecret(connector),
                connector),
            added(
                new TaskConfigsSecretDependentResource(),
                ConfigObjects.emptyTasksSecret(connector),
                connector),
            added(
                new TargetStateConfigMapDependentResource(),
                ConfigObjects.stateConfigMap(connector),
                connector),
            added(
                new ServiceAccountDependentResource(),
                RbacObjects.serviceAccount(connector),
                connector),
            added(new RoleDependentResource(), RbacObjects.role(connector), connector),
            added(
                new RoleBindingDependentResource(), RbacObjects.roleBinding(connector), connector));
    assertThat(owned)
        .allSatisfy(
            o ->
                assertThat(o.getMetadata().getOwnerReferences())
                    .singleElement()
                    .satisfies(
                        ref -> {
                          assertThat(ref.getUid()).isEqualTo(UID);
                          assertThat(ref.getKind()).isEqualTo("KafkaConnector");
                          assertThat(ref.getApiVersion()).isEqualTo("io.confluent.csid/v1");
                          assertThat(ref.getName()).isEqualTo("files");
                          assertThat(ref.getController()).isTrue();
                          assertThat(ref.getBlockOwnerDeletion()).isTrue();
                        }));
  }

  @Test
  void aReferenceWithoutControllerIsNotControl() {
    var connector = connector("files");
    connector.getMetadata().setUid(UID);
    ServiceAccount account = RbacObjects.serviceAccount(connector);
    account.addOwnerReference(connector); // what the SDK alone writes: controller unset
    assertThat(ControlledDependentResource.isControlledBy(account, connector)).isFalse();

    ServiceAccount controlled = RbacObjects.serviceAccount(connector);
    controlled.addOwnerReference(ControlledDependentResource.controllerReference(connector));
    assertThat(ControlledDependentResource.isControlledBy(controlled, connector)).isTrue();
  }

  /** What the SDK does to a desired object before it creates, updates or compares it. */
  private static <R extends HasMetadata> R added(
      ControlledDependentResource<R> dependent,
      R desired,
      io.confluent.csid.kafka.connect.k8s.operator.crd.KafkaConnector connector) {
    dependent.addReferenceHandlingMetadata(desired, connector);
    return desired;
  }
}

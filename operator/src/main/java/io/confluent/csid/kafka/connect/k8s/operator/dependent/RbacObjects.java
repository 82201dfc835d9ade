package io.confluent.csid.kafka.connect.k8s.operator.dependent;

import io.confluent.csid.kafka.connect.k8s.operator.contract.RunnerContract;
import io.confluent.csid.kafka.connect.k8s.operator.crd.KafkaConnector;
import io.confluent.csid.kafka.connect.k8s.operator.labels.Labels;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;

/**
 * The identity of a connector's pods: its own ServiceAccount, allowed to touch only the two objects
 * of docs/pod-contract.md, by name. Pods never run under the operator's account.
 */
public final class RbacObjects {

  public static final String SUFFIX = "-runner";

  private RbacObjects() {}

  public static String serviceAccountName(String connector) {
    return connector + SUFFIX;
  }

  public static ServiceAccount serviceAccount(KafkaConnector connector) {
    return new ServiceAccountBuilder()
        .withNewMetadata()
        .withName(serviceAccountName(connector.getMetadata().getName()))
        .withNamespace(connector.getMetadata().getNamespace())
        .withLabels(Labels.forComponent(connector, Labels.COMPONENT_RBAC))
        .endMetadata()
        .build();
  }

  public static Role role(KafkaConnector connector) {
    String name = connector.getMetadata().getName();
    return new RoleBuilder()
        .withNewMetadata()
        .withName(serviceAccountName(name))
        .withNamespace(connector.getMetadata().getNamespace())
        .withLabels(Labels.forComponent(connector, Labels.COMPONENT_RBAC))
        .endMetadata()
        .withRules(
            // The connector pod publishes task configs; task pods read them.
            new PolicyRuleBuilder()
                .withApiGroups("")
                .withResources("secrets")
                .withResourceNames(RunnerContract.tasksSecretName(name))
                .withVerbs("get", "update", "watch", "list")
                .build(),
            new PolicyRuleBuilder()
                .withApiGroups("")
                .withResources("configmaps")
                .withResourceNames(RunnerContract.stateConfigMapName(name))
                .withVerbs("get", "watch", "list")
                .build())
        .build();
  }

  public static RoleBinding roleBinding(KafkaConnector connector) {
    String name = serviceAccountName(connector.getMetadata().getName());
    return new RoleBindingBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(connector.getMetadata().getNamespace())
        .withLabels(Labels.forComponent(connector, Labels.COMPONENT_RBAC))
        .endMetadata()
        .withNewRoleRef()
        .withApiGroup("rbac.authorization.k8s.io")
        .withKind("Role")
        .withName(name)
        .endRoleRef()
        .addNewSubject()
        .withKind("ServiceAccount")
        .withName(name)
        .withNamespace(connector.getMetadata().getNamespace())
        .endSubject()
        .build();
  }
}

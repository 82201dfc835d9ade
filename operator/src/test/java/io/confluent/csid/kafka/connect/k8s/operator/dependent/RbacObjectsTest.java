package io.confluent.csid.kafka.connect.k8s.operator.dependent;

import static io.confluent.csid.kafka.connect.k8s.operator.TestConnectors.connector;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.util.List;
import org.junit.jupiter.api.Test;

class RbacObjectsTest {

  @Test
  void roleAllowsOnlyTheConnectorsOwnTwoObjectsByName() {
    List<PolicyRule> rules = RbacObjects.role(connector("files")).getRules();

    assertThat(rules).hasSize(2);
    assertThat(rules.get(0).getResources()).containsExactly("secrets");
    assertThat(rules.get(0).getResourceNames()).containsExactly("files-tasks");
    assertThat(rules.get(0).getVerbs()).containsExactlyInAnyOrder("get", "update", "watch", "list");
    assertThat(rules.get(1).getResources()).containsExactly("configmaps");
    assertThat(rules.get(1).getResourceNames()).containsExactly("files-state");
    assertThat(rules.get(1).getVerbs()).containsExactlyInAnyOrder("get", "watch", "list");
    assertThat(rules)
        .allSatisfy(r -> assertThat(r.getVerbs()).doesNotContain("create", "delete", "*"));
  }

  @Test
  void bindingTiesTheRoleToTheConnectorsServiceAccount() {
    var binding = RbacObjects.roleBinding(connector("files"));
    assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
    assertThat(binding.getRoleRef().getName()).isEqualTo("files-runner");
    assertThat(binding.getSubjects())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getKind()).isEqualTo("ServiceAccount");
              assertThat(s.getName())
                  .isEqualTo(
                      RbacObjects.serviceAccount(connector("files")).getMetadata().getName());
              assertThat(s.getNamespace()).isEqualTo("ns");
            });
  }
}

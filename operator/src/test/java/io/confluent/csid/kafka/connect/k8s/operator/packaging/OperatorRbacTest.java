package io.confluent.csid.kafka.connect.k8s.operator.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.confluent.csid.kafka.connect.k8s.operator.crd.KafkaConnector;
import io.confluent.csid.kafka.connect.k8s.operator.dependent.RbacObjects;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The operator's permissions, as every install path grants them: the OLM bundle's CSV and the plain
 * kubectl manifests (the Helm chart is checked in {@link HelmChartTest}). Each must cover what the
 * operator uses and grant nothing more.
 */
class OperatorRbacTest {

  static final Path CSV =
      CrdSchema.REPO.resolve("bundle/manifests/connect-k8s-operator.clusterserviceversion.yaml");
  static final Path PLAIN_MANIFESTS = CrdSchema.REPO.resolve("deploy/operator/operator.yaml");

  static final List<String> READ = List.of("get", "list", "watch");
  static final List<String> MANAGE =
      List.of("get", "list", "watch", "create", "update", "patch", "delete");

  /**
   * What the operator uses, in every namespace it watches. UPDATE WHEN THE OPERATOR STARTS USING A
   * NEW RESOURCE (a new dependent, informer or client call), then rerun the sync command of
   * docs/install.md.
   */
  static final Map<String, List<String>> CLUSTER_WIDE =
      Map.ofEntries(
          // The primary resource. QOSDK grants every verb; the operator itself only reads it and
          // writes status and finalizers.
          Map.entry("io.confluent.csid/kafkaconnectors", MANAGE),
          Map.entry("io.confluent.csid/kafkaconnectors/status", MANAGE),
          Map.entry("io.confluent.csid/kafkaconnectors/finalizers", MANAGE),
          // JOSDK checks at start-up that the CRD is installed.
          Map.entry("apiextensions.k8s.io/customresourcedefinitions", List.of("get", "list")),
          // Per connector: config and task-config Secrets (the user's worker-config Secret is
          // only watched), the target-state ConfigMap, the pods' ServiceAccount, Role and
          // RoleBinding, the connector and task StatefulSets and their Services. The pods' Role
          // grants secrets get/list/watch/update and configmaps get/list/watch: Kubernetes lets the
          // operator grant only what it holds itself.
          Map.entry("core/secrets", MANAGE),
          Map.entry("core/configmaps", MANAGE),
          Map.entry("core/serviceaccounts", MANAGE),
          Map.entry("core/services", MANAGE),
          Map.entry("apps/statefulsets", MANAGE),
          Map.entry("rbac.authorization.k8s.io/roles", MANAGE),
          Map.entry("rbac.authorization.k8s.io/rolebindings", MANAGE),
          // Pod states and failure reasons go into the status; the restart annotations delete
          // pods (their StatefulSet recreates them).
          Map.entry("core/pods", List.of("get", "list", "watch", "delete")),
          // Transitions are recorded as Events on the KafkaConnector.
          Map.entry("core/events", List.of("create", "patch")));

  /** What the operator uses in its own namespace only. Same rule as above. */
  static final Map<String, List<String>> OPERATOR_NAMESPACE =
      Map.of("coordination.k8s.io/leases", List.of("get", "create", "update", "patch"));

  @Test
  void csvGrantsExactlyWhatTheOperatorUses() throws IOException {
    JsonNode csv = CrdSchema.YAML.readTree(CSV.toFile());
    JsonNode install = csv.at("/spec/install/spec");
    String serviceAccount =
        install.at("/deployments/0/spec/template/spec/serviceAccountName").asText();
    assertThat(serviceAccount).isEqualTo("connect-k8s-operator");

    assertThat(grants(rulesFor(install.path("clusterPermissions"), serviceAccount)))
        .isEqualTo(expand(CLUSTER_WIDE));
    assertThat(grants(rulesFor(install.path("permissions"), serviceAccount)))
        .isEqualTo(expand(OPERATOR_NAMESPACE));
  }

  @Test
  void kubectlManifestsGrantExactlyWhatTheOperatorUses() throws IOException {
    List<JsonNode> manifests = CrdSchema.documents(PLAIN_MANIFESTS);
    assertThat(grants(rulesOf(manifests, "ClusterRole"))).isEqualTo(expand(CLUSTER_WIDE));
    assertThat(grants(rulesOf(manifests, "Role"))).isEqualTo(expand(OPERATOR_NAMESPACE));
    // Every role is bound, else its rules would be granted nowhere.
    for (String kind : List.of("ClusterRole", "Role")) {
      for (JsonNode role : HelmChartTest.ofKind(manifests, kind)) {
        String name = role.at("/metadata/name").asText();
        assertThat(
                manifests.stream()
                    .filter(d -> d.path("kind").asText().endsWith("Binding"))
                    .filter(d -> d.at("/roleRef/kind").asText().equals(kind))
                    .filter(d -> d.at("/roleRef/name").asText().equals(name)))
            .as("binding of %s %s", kind, name)
            .hasSize(1);
      }
    }
  }

  @Test
  void operatorHoldsEverythingItGrantsToConnectorPods() {
    // Kubernetes refuses to let the operator write a Role granting more than it holds itself
    // (RBAC escalation prevention), so the pods' Role must be covered by the operator's grants.
    KafkaConnector connector = new KafkaConnector();
    connector.setMetadata(
        new ObjectMetaBuilder().withName("orders").withNamespace("team-a").build());
    List<JsonNode> podRules = new ArrayList<>();
    for (PolicyRule rule : RbacObjects.role(connector).getRules()) {
      podRules.add(CrdSchema.YAML.valueToTree(rule).deepCopy());
      ((ObjectNode) podRules.get(podRules.size() - 1)).remove("resourceNames");
    }
    assertThat(grants(podRules)).isNotEmpty().isSubsetOf(expand(CLUSTER_WIDE));
  }

  static List<JsonNode> rulesOf(List<JsonNode> manifests, String kind) {
    List<JsonNode> rules = new ArrayList<>();
    HelmChartTest.ofKind(manifests, kind).forEach(r -> r.path("rules").forEach(rules::add));
    return rules;
  }

  private static List<JsonNode> rulesFor(JsonNode permissions, String serviceAccount) {
    List<JsonNode> rules = new ArrayList<>();
    for (JsonNode permission : permissions) {
      assertThat(permission.path("serviceAccountName").asText()).isEqualTo(serviceAccount);
      permission.path("rules").forEach(rules::add);
    }
    return rules;
  }

  /**
   * Flattens rules into "group/resource verb" grants; {@code *} anywhere is itself a finding, since
   * it grants more than any table can list.
   */
  static Set<String> grants(List<JsonNode> rules) {
    Set<String> grants = new TreeSet<>();
    for (JsonNode rule : rules) {
      assertThat(rule.has("nonResourceURLs")).as("non-resource URLs in %s", rule).isFalse();
      assertThat(rule.has("resourceNames")).as("resourceNames in %s", rule).isFalse();
      for (JsonNode group : rule.path("apiGroups")) {
        for (JsonNode resource : rule.path("resources")) {
          for (JsonNode verb : rule.path("verbs")) {
            assertThat(List.of(group.asText(), resource.asText(), verb.asText()))
                .as("wildcard in %s", rule)
                .doesNotContain("*");
            String apiGroup = group.asText().isEmpty() ? "core" : group.asText();
            grants.add(apiGroup + "/" + resource.asText() + " " + verb.asText());
          }
        }
      }
    }
    return grants;
  }

  static Set<String> expand(Map<String, List<String>> table) {
    Set<String> grants = new TreeSet<>();
    new TreeMap<>(table)
        .forEach((resource, verbs) -> verbs.forEach(v -> grants.add(resource + " " + v)));
    return grants;
  }
}

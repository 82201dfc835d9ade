package io.confluent.csid.kafka.connect.k8s.operator.status;

import io.confluent.csid.kafka.connect.k8s.operator.crd.KafkaConnectorSpec;
import io.confluent.csid.kafka.connect.k8s.operator.crd.PluginSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the 1.20 API server cannot check in {@code spec.plugins} (no CEL there): exactly one source
 * per entry and unique names. The runner refuses the same input; finding it here puts the reason in
 * the status before any pod starts.
 */
public final class PluginSpecProblems {

  private PluginSpecProblems() {}

  public static List<String> of(KafkaConnectorSpec spec) {
    List<PluginSpec> plugins = spec.getPlugins() == null ? List.of() : spec.getPlugins();
    List<String> problems = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < plugins.size(); i++) {
      PluginSpec plugin = plugins.get(i);
      String where = "spec.plugins[" + i + "] (" + plugin.getName() + ")";
      if (plugin.sourceCount() != 1) {
        problems.add(where + " must set exactly one of hub, maven or url");
      }
      if (plugin.getName() != null && !names.add(plugin.getName())) {
        problems.add(where + " repeats the name " + plugin.getName());
      }
    }
    return problems;
  }
}

package io.confluent.csid.kafka.connect.k8s.e2e.kubelet;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A container's environment as a kubelet builds it: service variables for the API server, then
 * {@code envFrom}, then {@code env} (with downward-API fields, Secret and ConfigMap keys and {@code
 * $(VAR)} references), then the bed's own port assignment, which must win because all pods share
 * the host network.
 */
final class ContainerEnv {

  /** Pods share the host network: each process gets its own HTTP port through this variable. */
  static final String HTTP_PORT_VARIABLE = "QUARKUS_HTTP_PORT";

  private static final Pattern REFERENCE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_.-]*)\\)");

  private ContainerEnv() {}

  static Map<String, String> build(
      KubernetesClient client, Pod pod, Container container, int apiserverPort, int httpPort)
      throws NotReadyYet {
    Map<String, String> env = new LinkedHashMap<>();
    // What an image would provide: a PATH to find java and sh.
    env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
    env.put("HOME", "/root");
    env.put("HOSTNAME", pod.getMetadata().getName());
    // The "kubernetes" Service of a real cluster, reachable here on loopback.
    env.put("KUBERNETES_SERVICE_HOST", "127.0.0.1");
    env.put("KUBERNETES_SERVICE_PORT", String.valueOf(apiserverPort));
    env.put("KUBERNETES_SERVICE_PORT_HTTPS", String.valueOf(apiserverPort));
    env.put("KUBERNETES_PORT", "tcp://127.0.0.1:" + apiserverPort);
    String ns = pod.getMetadata().getNamespace();
    for (EnvFromSource from : container.getEnvFrom()) {
      String prefix = from.getPrefix() == null ? "" : from.getPrefix();
      if (from.getSecretRef() != null) {
        Secret s = client.secrets().inNamespace(ns).withName(from.getSecretRef().getName()).get();
        if (s == null && !Boolean.TRUE.equals(from.getSecretRef().getOptional())) {
          throw configError("secret \"" + from.getSecretRef().getName() + "\" not found");
        }
        if (s != null && s.getData() != null) {
          s.getData().forEach((k, v) -> env.put(prefix + k, decode(v)));
        }
      }
      if (from.getConfigMapRef() != null) {
        ConfigMap cm =
            client.configMaps().inNamespace(ns).withName(from.getConfigMapRef().getName()).get();
        if (cm == null && !Boolean.TRUE.equals(from.getConfigMapRef().getOptional())) {
          throw configError("configmap \"" + from.getConfigMapRef().getName() + "\" not found");
        }
        if (cm != null && cm.getData() != null) {
          cm.getData().forEach((k, v) -> env.put(prefix + k, v));
        }
      }
    }
    for (EnvVar var : container.getEnv()) {
      env.put(var.getName(), value(client, pod, var, env));
    }
    env.put(HTTP_PORT_VARIABLE, String.valueOf(httpPort));
    return env;
  }

  private static String value(KubernetesClient client, Pod pod, EnvVar var, Map<String, String> env)
      throws NotReadyYet {
    EnvVarSource from = var.getValueFrom();
    if (from == null) {
      return expand(var.getValue() == null ? "" : var.getValue(), env);
    }
    String ns = pod.getMetadata().getNamespace();
    if (from.getFieldRef() != null) {
      return fieldValue(pod, from.getFieldRef().getFieldPath());
    }
    if (from.getSecretKeyRef() != null) {
      var ref = from.getSecretKeyRef();
      Secret s = client.secrets().inNamespace(ns).withName(ref.getName()).get();
      String v = s == null || s.getData() == null ? null : s.getData().get(ref.getKey());
      if (v == null) {
        if (Boolean.TRUE.equals(ref.getOptional())) {
          return "";
        }
        throw configError(
            s == null
                ? "secret \"" + ref.getName() + "\" not found"
                : "couldn't find key " + ref.getKey() + " in Secret " + ns + "/" + ref.getName());
      }
      return decode(v);
    }
    if (from.getConfigMapKeyRef() != null) {
      var ref = from.getConfigMapKeyRef();
      ConfigMap cm = client.configMaps().inNamespace(ns).withName(ref.getName()).get();
      String v = cm == null || cm.getData() == null ? null : cm.getData().get(ref.getKey());
      if (v == null) {
        if (Boolean.TRUE.equals(ref.getOptional())) {
          return "";
        }
        throw configError(
            cm == null
                ? "configmap \"" + ref.getName() + "\" not found"
                : "couldn't find key "
                    + ref.getKey()
                    + " in ConfigMap "
                    + ns
                    + "/"
                    + ref.getName());
      }
      return v;
    }
    throw configError("env " + var.getName() + ": source not supported by the process kubelet");
  }

  /** The downward-API fields a pod may ask for by {@code fieldRef}. */
  static String fieldValue(Pod pod, String fieldPath) throws NotReadyYet {
    var meta = pod.getMetadata();
    Matcher indexed =
        Pattern.compile("metadata\\.(labels|annotations)\\['(.+)'\\]").matcher(fieldPath);
    if (indexed.matches()) {
      Map<String, String> map =
          "labels".equals(indexed.group(1)) ? meta.getLabels() : meta.getAnnotations();
      return map == null ? "" : map.getOrDefault(indexed.group(2), "");
    }
    return switch (fieldPath) {
      case "metadata.name" -> meta.getName();
      case "metadata.namespace" -> meta.getNamespace();
      case "metadata.uid" -> meta.getUid();
      case "spec.nodeName" -> pod.getSpec().getNodeName();
      case "spec.serviceAccountName" -> pod.getSpec().getServiceAccountName();
      case "status.podIP", "status.hostIP" -> "127.0.0.1";
      default -> throw configError("fieldRef " + fieldPath + " not supported");
    };
  }

  private static String expand(String value, Map<String, String> env) {
    Matcher m = REFERENCE.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String replacement = env.getOrDefault(m.group(1), m.group());
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }

  private static NotReadyYet configError(String message) {
    return new NotReadyYet("CreateContainerConfigError", message);
  }
}

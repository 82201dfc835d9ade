package io.confluent.csid.kafka.connect.k8s.operator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** Operator settings, from application.properties or CONNECT_K8S_OPERATOR_* variables. */
@ConfigMapping(prefix = "connect-k8s.operator")
public interface OperatorConfig {

  /**
   * Image of pods whose KafkaConnector names none. Defaults to the runner released with this
   * operator (root pom property {@code runner.image}), so a release is self-consistent.
   */
  @WithDefault("jcustenborder/connect-k8s-runner:${quarkus.application.version}")
  String runnerImage();

  /** Port of the runner's health and metrics endpoints (QUARKUS_HTTP_PORT in the pods). */
  @WithDefault("8080")
  int runnerHttpPort();

  /**
   * Seconds a pod gets between SIGTERM and SIGKILL: the runner commits offsets within it, so it
   * must exceed Connect's task shutdown timeout (5 s by default) with margin.
   */
  @WithDefault("60")
  long terminationGracePeriodSeconds();

  /**
   * Namespace of the leader-election Lease. In a cluster the operator's own namespace is found
   * without it; an operator run outside (a developer's machine, a test bed) must name one.
   */
  Optional<String> leaseNamespace();

  /** Where the plugins init container downloads from (docs/plugins.md). */
  PluginDownloads plugins();

  /** Plugin sources and limits, passed to every plugins init container. */
  interface PluginDownloads {

    /** Confluent Hub API base URL, or a mirror serving the same API. */
    @WithDefault("https://api.hub.confluent.io/api/plugins")
    String hubUrl();

    /** Maven repository for Maven coordinates, or a mirror of it. */
    @WithDefault("https://repo1.maven.org/maven2")
    String mavenRepository();

    /** Largest plugin download in bytes (and half the most it may unpack to). */
    @WithDefault("536870912")
    long maxBytes();

    /*
     * The operator's own proxy variables, forwarded to the init container. Defaults rather than
     * application.properties entries: there, the Kubernetes extension would turn each referenced
     * variable into an empty env entry of the generated Deployment.
     */

    /** HTTPS_PROXY (or https_proxy) of the operator's environment. */
    @WithDefault("${HTTPS_PROXY:${https_proxy:}}")
    Optional<String> httpsProxy();

    /** HTTP_PROXY (or http_proxy) of the operator's environment. */
    @WithDefault("${HTTP_PROXY:${http_proxy:}}")
    Optional<String> httpProxy();

    /** NO_PROXY (or no_proxy) of the operator's environment. */
    @WithDefault("${NO_PROXY:${no_proxy:}}")
    Optional<String> noProxy();
  }
}

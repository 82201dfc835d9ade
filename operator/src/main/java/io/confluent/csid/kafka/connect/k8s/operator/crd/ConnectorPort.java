package io.confluent.csid.kafka.connect.k8s.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/**
 * A port a listening connector's tasks accept traffic on (syslog, HTTP, ...). Every task pod
 * exposes it and one Service spreads connections over all task pods.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ConnectorPort {

  public static final String TCP = "TCP";

  @JsonPropertyDescription(
      "Name of the port (lower case letters, digits and '-', at most 15 characters), used for"
          + " the container port and the Service port.")
  @Required
  @Pattern("^[a-z0-9]([-a-z0-9]{0,13}[a-z0-9])?$")
  private String name;

  @JsonPropertyDescription("Port number the task listens on, also used as the Service port.")
  @Required
  @Min(1)
  @Max(65535)
  private Integer port;

  @JsonPropertyDescription("TCP (default), UDP or SCTP.")
  @Pattern("^(TCP|UDP|SCTP)$")
  private String protocol;

  public ConnectorPort() {}

  public ConnectorPort(String name, Integer port, String protocol) {
    this.name = name;
    this.port = port;
    this.protocol = protocol;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public Integer getPort() {
    return port;
  }

  public void setPort(Integer port) {
    this.port = port;
  }

  public String getProtocol() {
    return protocol;
  }

  public void setProtocol(String protocol) {
    this.protocol = protocol;
  }

  public String protocolOrDefault() {
    return protocol == null ? TCP : protocol;
  }
}

package io.confluent.csid.kafka.connect.k8s.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/**
 * One connector plugin installed by the plugins init container, from exactly one source. The
 * patterns are what the API server can check; "exactly one source" is checked by the operator
 * (status condition Error, reason ConfigInvalid) and again by the runner.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PluginSpec {

  /** Letters, digits, '.', '_' and '-'; not starting with '.' or '-' (a directory name). */
  public static final String NAME_PATTERN = "^[A-Za-z0-9][A-Za-z0-9._-]*$";

  public static final String HUB_PATTERN =
      "^[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*:[A-Za-z0-9][A-Za-z0-9._+-]*$";
  public static final String MAVEN_PATTERN =
      "^[A-Za-z0-9][A-Za-z0-9._-]*(:[A-Za-z0-9][A-Za-z0-9._-]*){2,4}$";
  public static final String URL_PATTERN = "^https?://.+$";
  public static final String SHA512_PATTERN = "^[0-9a-fA-F]{128}$";

  @JsonPropertyDescription(
      "Directory name of the plugin in the pod's plugins volume, unique within the resource.")
  @Required
  @Pattern(NAME_PATTERN)
  private String name;

  @JsonPropertyDescription(
      "Confluent Hub coordinate owner/name:version, for example"
          + " confluentinc/kafka-connect-datagen:0.5.3. The checksum the Hub publishes is verified.")
  @Pattern(HUB_PATTERN)
  private String hub;

  @JsonPropertyDescription(
      "Maven coordinate group:artifact:version[:classifier[:type]] in the operator's Maven"
          + " repository (Maven Central by default), for example"
          + " io.debezium:debezium-connector-postgres:2.7.0.Final:plugin:tar.gz. Types: jar, zip,"
          + " tar.gz, tgz. The repository's .sha1 is verified.")
  @Pattern(MAVEN_PATTERN)
  private String maven;

  @JsonPropertyDescription(
      "URL of a .zip, .tar.gz, .tgz or .jar. https only, unless"
          + " spec.allowInsecurePluginDownloads is true.")
  @Pattern(URL_PATTERN)
  private String url;

  @JsonPropertyDescription(
      "Expected SHA-512 of the downloaded file, 128 hexadecimal characters. A mismatch fails the"
          + " pod's plugins init container and shows in the status.")
  @Pattern(SHA512_PATTERN)
  private String sha512;

  public PluginSpec() {}

  public static PluginSpec hub(String name, String hub) {
    PluginSpec spec = new PluginSpec();
    spec.setName(name);
    spec.setHub(hub);
    return spec;
  }

  public static PluginSpec url(String name, String url, String sha512) {
    PluginSpec spec = new PluginSpec();
    spec.setName(name);
    spec.setUrl(url);
    spec.setSha512(sha512);
    return spec;
  }

  /** How many of hub, maven and url are set: exactly one is valid. */
  public int sourceCount() {
    return (isSet(hub) ? 1 : 0) + (isSet(maven) ? 1 : 0) + (isSet(url) ? 1 : 0);
  }

  private static boolean isSet(String value) {
    return value != null && !value.isBlank();
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getHub() {
    return hub;
  }

  public void setHub(String hub) {
    this.hub = hub;
  }

  public String getMaven() {
    return maven;
  }

  public void setMaven(String maven) {
    this.maven = maven;
  }

  public String getUrl() {
    return url;
  }

  public void setUrl(String url) {
    this.url = url;
  }

  public String getSha512() {
    return sha512;
  }

  public void setSha512(String sha512) {
    this.sha512 = sha512;
  }
}

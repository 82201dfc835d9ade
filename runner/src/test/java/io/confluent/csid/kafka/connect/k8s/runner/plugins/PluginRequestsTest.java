package io.confluent.csid.kafka.connect.k8s.runner.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.confluent.csid.kafka.connect.k8s.runner.BadInputException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PluginRequestsTest {

  @Test
  void theFoundingExampleIsAHubCoordinateInstalledAsOwnerDashName() {
    PluginRequest request =
        PluginRequests.parse(List.of("confluentinc/kafka-connect-datagen:0.5.3"), Optional.empty())
            .get(0);
    assertThat(request.source())
        .isEqualTo(new PluginSource.Hub("confluentinc", "kafka-connect-datagen", "0.5.3"));
    assertThat(request.name()).isEqualTo("confluentinc-kafka-connect-datagen");
  }

  @Test
  void mavenCoordinatesTakeAnOptionalClassifierAndType() {
    PluginSource debezium =
        PluginRequests.classify(
            "io.debezium:debezium-connector-postgres:2.7.0.Final:plugin:tar.gz");
    assertThat(debezium)
        .isEqualTo(
            new PluginSource.Maven(
                "io.debezium", "debezium-connector-postgres", "2.7.0.Final", "plugin", "tar.gz"));
    assertThat(((PluginSource.Maven) debezium).path())
        .isEqualTo(
            "io/debezium/debezium-connector-postgres/2.7.0.Final/"
                + "debezium-connector-postgres-2.7.0.Final-plugin.tar.gz");
    assertThat(debezium.defaultName()).isEqualTo("debezium-connector-postgres");
    assertThat(
            ((PluginSource.Maven) PluginRequests.classify("org.apache.kafka:connect-file:4.3.1"))
                .path())
        .isEqualTo("org/apache/kafka/connect-file/4.3.1/connect-file-4.3.1.jar");
    assertThat(((PluginSource.Maven) PluginRequests.classify("g:a:1:zip")).path())
        .isEqualTo("g/a/1/a-1.zip");
  }

  @Test
  void urlsNameThePluginAfterTheirFile() {
    assertThat(PluginRequests.classify("https://example.com/x/my-plugin-1.2.tar.gz").defaultName())
        .isEqualTo("my-plugin-1.2");
    assertThat(PluginRequests.classify("https://example.com/p.tgz").defaultName()).isEqualTo("p");
    assertThat(PluginRequests.classify("https://example.com/c.jar?sig=1").defaultName())
        .isEqualTo("c");
  }

  @Test
  void anythingElseNamesTheEntryAndTheAcceptedForms() {
    assertThatThrownBy(() -> PluginRequests.classify("datagen"))
        .isInstanceOf(BadInputException.class)
        .hasMessage(
            "downloadPlugins entry 'datagen' is not a plugin: use owner/name:version (Confluent"
                + " Hub), group:artifact:version[:classifier[:type]] (Maven) or an https:// URL to"
                + " a .zip, .tar.gz, .tgz or .jar");
    assertThatThrownBy(() -> PluginRequests.classify("ftp://example.com/a.zip"))
        .hasMessageStartingWith("downloadPlugins entry 'ftp://example.com/a.zip' is not a plugin");
    assertThatThrownBy(() -> PluginRequests.classify("https://example.com/a.rar"))
        .hasMessage(
            "Plugin URL 'https://example.com/a.rar' does not end in .zip, .tar.gz, .tgz or .jar");
    assertThatThrownBy(() -> PluginRequests.classify("g:a:1:x:pom"))
        .hasMessage("Maven plugin 'g:a:1:x:pom' has type 'pom': use jar, zip, tar.gz or tgz");
  }

  @Test
  void structuredEntriesNeedANameAndExactlyOneSource() {
    List<PluginRequest> requests =
        PluginRequests.parse(
            List.of(),
            Optional.of(
                "[{\"name\":\"dg\",\"hub\":\"confluentinc/kafka-connect-datagen:0.5.3\"},"
                    + "{\"name\":\"pg\",\"maven\":\"io.debezium:debezium-connector-postgres:2.7.0.Final:plugin:tar.gz\",\"sha512\":\""
                    + "AB".repeat(64)
                    + "\"}]"));
    assertThat(requests).extracting(PluginRequest::name).containsExactly("dg", "pg");
    assertThat(requests.get(1).sha512()).contains("ab".repeat(64));

    assertThatThrownBy(
            () ->
                PluginRequests.parse(
                    List.of(),
                    Optional.of(
                        "[{\"name\":\"x\",\"hub\":\"a/b:1\",\"url\":\"https://h/x.jar\"}]")))
        .hasMessage("spec.plugins[0] (x) must set exactly one of hub, maven or url");
    assertThatThrownBy(() -> PluginRequests.parse(List.of(), Optional.of("[{\"name\":\"x\"}]")))
        .hasMessage("spec.plugins[0] (x) must set exactly one of hub, maven or url");
    assertThatThrownBy(() -> PluginRequests.parse(List.of(), Optional.of("[{\"hub\":\"a/b:1\"}]")))
        .hasMessageStartingWith("spec.plugins[0] needs a name");
    assertThatThrownBy(
            () ->
                PluginRequests.parse(
                    List.of(), Optional.of("[{\"name\":\"../x\",\"hub\":\"a/b:1\"}]")))
        .hasMessageStartingWith("spec.plugins[0] needs a name");
    assertThatThrownBy(
            () ->
                PluginRequests.parse(
                    List.of(),
                    Optional.of("[{\"name\":\"x\",\"hub\":\"a/b:1\",\"sha512\":\"abc\"}]")))
        .hasMessage("spec.plugins[0] (x): sha512 must be 128 hexadecimal characters");
    assertThatThrownBy(() -> PluginRequests.parse(List.of(), Optional.of("{}")))
        .hasMessage("CONNECT_K8S_PLUGINS is not a JSON array of plugins");
  }

  @Test
  void aUrlWhoseFileNameMakesNoDirectoryNameNeedsAStructuredEntry() {
    assertThatThrownBy(
            () -> PluginRequests.parse(List.of("https://example.com/x/.jar"), Optional.empty()))
        .hasMessage(
            "Cannot name a plugin directory after 'https://example.com/x/.jar': list it in"
                + " spec.plugins with a name");
  }

  @Test
  void twoPluginsCannotShareADirectory() {
    assertThatThrownBy(
            () ->
                PluginRequests.parse(
                    List.of("a/b:1"), Optional.of("[{\"name\":\"a-b\",\"hub\":\"a/b:2\"}]")))
        .hasMessage(
            "Two plugins would be installed as 'a-b': give the structured entries (spec.plugins)"
                + " distinct names");
  }

  @Test
  void aUrlWithCredentialsIsNeverEchoed() {
    assertThatThrownBy(() -> PluginRequests.classify("https://u:secret@h/a.rar?token=t"))
        .hasMessageNotContaining("secret")
        .hasMessageNotContaining("token=t")
        .hasMessageContaining("https://***@h/a.rar?***");
  }
}

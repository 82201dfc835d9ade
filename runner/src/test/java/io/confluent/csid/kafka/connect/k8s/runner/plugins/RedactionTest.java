package io.confluent.csid.kafka.connect.k8s.runner.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class RedactionTest {

  @Test
  void userInfoAndQueryAreHidden() {
    assertThat(Redaction.url(URI.create("https://user:pw@host:8443/a/b.zip?X-Amz-Signature=s")))
        .isEqualTo("https://***@host:8443/a/b.zip?***");
    assertThat(Redaction.url("https://host/a.jar")).isEqualTo("https://host/a.jar");
  }

  @Test
  void evenAnUnparseableUrlLosesItsSecrets() {
    assertThat(Redaction.url("https://user:p w@host/a b.zip?token=x"))
        .doesNotContain("p w")
        .doesNotContain("token=x");
  }
}

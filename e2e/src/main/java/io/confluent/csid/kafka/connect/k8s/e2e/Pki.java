package io.confluent.csid.kafka.connect.k8s.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A throw-away CA (openssl, as in start-control-plane.sh) signing the API server's serving
 * certificate and the admin and controller-manager client certificates, plus the key pair that
 * signs service-account tokens. The serving certificate carries IP SAN 127.0.0.1 because pods reach
 * the API server there (KUBERNETES_SERVICE_HOST) with only the CA of their token Secret.
 */
final class Pki {

  private static final String OPENSSL_CNF =
      """
      [req]
      distinguished_name = dn
      prompt = no
      [dn]
      CN = unused
      [ca]
      basicConstraints = critical,CA:TRUE
      keyUsage = critical,digitalSignature,keyCertSign,cRLSign
      subjectKeyIdentifier = hash
      [server]
      basicConstraints = critical,CA:FALSE
      keyUsage = critical,digitalSignature,keyEncipherment
      extendedKeyUsage = serverAuth
      subjectAltName = DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,IP:127.0.0.1,IP:10.0.0.1
      [client]
      basicConstraints = critical,CA:FALSE
      keyUsage = critical,digitalSignature,keyEncipherment
      extendedKeyUsage = clientAuth
      """;

  private final Path dir;

  private Pki(Path dir) {
    this.dir = dir;
  }

  static Pki create(Path dir) throws IOException {
    Files.createDirectories(dir);
    Pki pki = new Pki(dir);
    Files.writeString(pki.file("openssl.cnf"), OPENSSL_CNF);
    pki.openssl(
        "req",
        "-x509",
        "-config",
        "openssl.cnf",
        "-extensions",
        "ca",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "ca.key",
        "-out",
        "ca.crt",
        "-days",
        "3650",
        "-subj",
        "/CN=connect-k8s-e2e-ca");
    pki.issue("apiserver", "/CN=kube-apiserver", "server");
    pki.issue("admin", "/O=system:masters/CN=admin", "client");
    pki.issue("controller-manager", "/CN=system:kube-controller-manager", "client");
    pki.openssl("genrsa", "-out", "sa.key", "2048");
    pki.openssl("rsa", "-in", "sa.key", "-pubout", "-out", "sa.pub");
    return pki;
  }

  Path file(String name) {
    return dir.resolve(name);
  }

  private void issue(String name, String subject, String extensions) {
    openssl(
        "req",
        "-new",
        "-config",
        "openssl.cnf",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        name + ".key",
        "-out",
        name + ".csr",
        "-subj",
        subject);
    openssl(
        "x509",
        "-req",
        "-in",
        name + ".csr",
        "-CA",
        "ca.crt",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        name + ".crt",
        "-days",
        "365",
        "-extfile",
        "openssl.cnf",
        "-extensions",
        extensions);
  }

  private void openssl(String... args) {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    Path log = dir.resolve("openssl.log");
    try {
      Process p =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      if (p.waitFor() != 0) {
        throw new IllegalStateException(
            "openssl " + args[0] + " failed:\n" + LogTail.lastLines(log, 10));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("openssl not found", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}

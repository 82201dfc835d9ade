package io.confluent.csid.kafka.connect.k8s.runner.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/**
 * Plugin archives built by the tests, in the formats real sources publish: a Confluent Hub zip
 * ({@code <owner>-<name>-<version>/manifest.json} + {@code lib/} + {@code doc/}), a Debezium-style
 * tar.gz (one top folder of jars), and hostile ones (zip-slip, absolute paths, links out).
 */
public final class PluginArchives {

  private PluginArchives() {}

  /** The bytes of the jar that holds {@code type}, from the test classpath. */
  public static byte[] jarOf(Class<?> type) {
    try {
      return Files.readAllBytes(
          Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String jarName(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI())
          .getFileName()
          .toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  public static byte[] hubZip(String owner, String name, String version, Class<?>... jars) {
    String top = owner + "-" + name + "-" + version + "/";
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put(
        top + "manifest.json",
        ("{\"name\":\""
                + name
                + "\",\"version\":\""
                + version
                + "\",\"owner\":{\"username\":\""
                + owner
                + "\"},\"component_types\":[\"source\",\"sink\"]}")
            .getBytes(StandardCharsets.UTF_8));
    entries.put(top + "doc/LICENSE", "Apache License 2.0".getBytes(StandardCharsets.UTF_8));
    for (Class<?> jar : jars) {
      entries.put(top + "lib/" + jarName(jar), jarOf(jar));
    }
    return zip(entries);
  }

  public static byte[] zip(Map<String, byte[]> entries) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        zip.putArchiveEntry(new ZipArchiveEntry(e.getKey()));
        zip.write(e.getValue());
        zip.closeArchiveEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** A zip holding a unix symlink {@code name -> target}. */
  public static byte[] zipWithLink(String name, String target) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(bytes)) {
      ZipArchiveEntry entry = new ZipArchiveEntry(name);
      entry.setUnixMode(0120777);
      zip.putArchiveEntry(entry);
      zip.write(target.getBytes(StandardCharsets.UTF_8));
      zip.closeArchiveEntry();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** A tar.gz whose entries all sit in {@code top/}, like Debezium's plugin archives. */
  public static byte[] tarGz(String top, Class<?>... jars) {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    for (Class<?> jar : jars) {
      entries.put(top + "/" + jarName(jar), jarOf(jar));
    }
    entries.put(top + "/README.md", "a plugin".getBytes(StandardCharsets.UTF_8));
    return tarGz(entries, Map.of());
  }

  /** Files, plus symbolic links {@code name -> target}. */
  public static byte[] tarGz(Map<String, byte[]> files, Map<String, String> links) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar =
        new TarArchiveOutputStream(new GZIPOutputStream(bytes), StandardCharsets.UTF_8.name())) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (Map.Entry<String, byte[]> e : files.entrySet()) {
        TarArchiveEntry entry = new TarArchiveEntry(e.getKey(), true);
        entry.setSize(e.getValue().length);
        tar.putArchiveEntry(entry);
        tar.write(e.getValue());
        tar.closeArchiveEntry();
      }
      for (Map.Entry<String, String> e : links.entrySet()) {
        TarArchiveEntry entry = new TarArchiveEntry(e.getKey(), TarArchiveEntry.LF_SYMLINK, true);
        entry.setLinkName(e.getValue());
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  public static String hex(String algorithm, byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

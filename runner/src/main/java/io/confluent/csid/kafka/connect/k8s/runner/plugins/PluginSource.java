package io.confluent.csid.kafka.connect.k8s.runner.plugins;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/** Where a plugin comes from: a Confluent Hub coordinate, a Maven coordinate or a plain URL. */
public sealed interface PluginSource {

  /** The directory name the plugin gets when the resource names none. */
  String defaultName();

  /** What the user wrote, safe to print (URL credentials and query hidden). */
  String describe();

  /**
   * What identifies the installed content, stored in the completion marker: the same identity means
   * the plugin already there can be kept. URLs are hashed so no token lands on disk.
   */
  String identity();

  /** {@code owner/name:version} on Confluent Hub; installed as {@code <owner>-<name>}. */
  record Hub(String owner, String name, String version) implements PluginSource {
    @Override
    public String defaultName() {
      return owner + "-" + name;
    }

    @Override
    public String describe() {
      return owner + "/" + name + ":" + version;
    }

    @Override
    public String identity() {
      return "hub:" + describe();
    }
  }

  /** {@code group:artifact:version[:classifier[:type]]}; the type defaults to jar. */
  record Maven(String group, String artifact, String version, String classifier, String type)
      implements PluginSource {
    @Override
    public String defaultName() {
      return artifact;
    }

    @Override
    public String describe() {
      String text = group + ":" + artifact + ":" + version;
      if (classifier != null) {
        text += ":" + classifier;
      }
      return type.equals("jar") && classifier == null ? text : text + ":" + type;
    }

    @Override
    public String identity() {
      return "maven:" + describe();
    }

    /** The file's path in a Maven repository layout. */
    public String path() {
      return group.replace('.', '/')
          + "/"
          + artifact
          + "/"
          + version
          + "/"
          + artifact
          + "-"
          + version
          + (classifier == null ? "" : "-" + classifier)
          + "."
          + type;
    }

    public ArchiveType archiveType() {
      return ArchiveType.ofFileName("x." + type);
    }
  }

  /** A URL to a .zip, .tar.gz, .tgz or .jar. */
  record Url(URI uri) implements PluginSource {
    @Override
    public String defaultName() {
      String path = uri.getPath();
      String file = path.substring(path.lastIndexOf('/') + 1);
      return file.substring(0, file.length() - archiveType().extensionOf(file).length());
    }

    @Override
    public String describe() {
      return Redaction.url(uri);
    }

    @Override
    public String identity() {
      try {
        byte[] hash =
            MessageDigest.getInstance("SHA-256")
                .digest(uri.toString().getBytes(StandardCharsets.UTF_8));
        return "url-sha256:" + HexFormat.of().formatHex(hash);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }

    public ArchiveType archiveType() {
      return ArchiveType.ofFileName(uri.getPath());
    }
  }

  /** How a downloaded file is unpacked. */
  enum ArchiveType {
    ZIP(".zip"),
    TAR_GZ(".tar.gz", ".tgz"),
    JAR(".jar");

    private final String[] extensions;

    ArchiveType(String... extensions) {
      this.extensions = extensions;
    }

    /** Null when the name has none of the supported extensions. */
    static ArchiveType ofFileName(String name) {
      String lower = name == null ? "" : name.toLowerCase(Locale.ROOT);
      for (ArchiveType type : values()) {
        for (String ext : type.extensions) {
          if (lower.endsWith(ext)) {
            return type;
          }
        }
      }
      return null;
    }

    String extensionOf(String name) {
      String lower = name.toLowerCase(Locale.ROOT);
      for (String ext : extensions) {
        if (lower.endsWith(ext)) {
          return ext;
        }
      }
      return "";
    }
  }
}

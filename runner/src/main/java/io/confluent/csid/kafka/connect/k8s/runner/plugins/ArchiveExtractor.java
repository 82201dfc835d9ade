package io.confluent.csid.kafka.connect.k8s.runner.plugins;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.jboss.logging.Logger;

/**
 * Unpacks a plugin into its directory, refusing archives that try to write anywhere else: absolute
 * names, {@code ..} escapes (zip-slip, tar-slip) and links pointing outside fail the plugin; links
 * inside are not created (nothing can later be written through them); devices and fifos are
 * skipped; the unpacked size is bounded.
 *
 * <p>Layout: a single top-level folder (Confluent Hub's {@code <owner>-<name>-<version>/}, a
 * Debezium tarball's {@code debezium-connector-x/}) is dropped. What has a {@code lib/} folder (the
 * Hub format: {@code manifest.json}, {@code lib/}, {@code doc/}) is kept as is, like the Hub client
 * installs it; anything else goes under {@code lib/}, as does a plain jar. Every plugin is then one
 * directory whose {@code lib/} Connect loads in one class loader.
 */
public final class ArchiveExtractor {

  private static final Logger LOG = Logger.getLogger(ArchiveExtractor.class);
  static final String LIB = "lib";
  private static final int MAX_ENTRIES = 100_000;

  private final long maxBytes;

  /**
   * @param maxBytes most bytes the unpacked files may hold together
   */
  public ArchiveExtractor(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  public void extract(Path archive, PluginSource.ArchiveType type, String fileName, Path target)
      throws IOException {
    Files.createDirectories(target);
    switch (type) {
      case JAR -> {
        Path lib = Files.createDirectories(target.resolve(LIB));
        Files.copy(archive, lib.resolve(safeFileName(fileName)));
      }
      case ZIP -> extractZip(archive, target);
      case TAR_GZ -> extractTar(archive, target);
      default -> throw new IllegalArgumentException(String.valueOf(type));
    }
  }

  private static String safeFileName(String fileName) {
    String name = fileName.substring(fileName.lastIndexOf('/') + 1);
    if (name.isBlank() || name.equals(".") || name.equals("..") || name.contains("\\")) {
      return "plugin.jar";
    }
    return name;
  }

  /** Where entries go: the common top folder stripped, and under lib/ unless there is one. */
  private record Layout(String strip, String into) {

    static Layout of(List<String> names) {
      String top = null;
      boolean single = !names.isEmpty();
      for (String name : names) {
        int slash = name.indexOf('/');
        if (slash < 0) {
          single = false; // a file at the root
          break;
        }
        String first = name.substring(0, slash);
        if (top == null) {
          top = first;
        } else if (!top.equals(first)) {
          single = false;
          break;
        }
      }
      String strip = single && top != null ? top + "/" : "";
      boolean hasLib = false;
      for (String name : names) {
        if (name.startsWith(strip + LIB + "/")) {
          hasLib = true;
          break;
        }
      }
      return new Layout(strip, hasLib ? "" : LIB + "/");
    }

    /** Null for the stripped top folder itself. */
    String map(String name) {
      String rest = name.substring(strip.length());
      return rest.isEmpty() ? null : into + rest;
    }
  }

  private final class Budget {
    long bytes;
    int entries;

    void entry() {
      if (++entries > MAX_ENTRIES) {
        throw PluginFailure.permanent("archive has more than " + MAX_ENTRIES + " entries");
      }
    }

    void write(InputStream in, Path file) throws IOException {
      try (OutputStream out = Files.newOutputStream(file)) {
        byte[] buffer = new byte[64 * 1024];
        int read;
        while ((read = in.read(buffer)) >= 0) {
          bytes += read;
          if (bytes > maxBytes) {
            throw PluginFailure.permanent(
                "archive unpacks to more than " + maxBytes + " bytes; refusing it");
          }
          out.write(buffer, 0, read);
        }
      }
    }
  }

  private void extractZip(Path archive, Path target) throws IOException {
    try (ZipFile zip = ZipFile.builder().setPath(archive).get()) {
      List<String> names = new ArrayList<>();
      for (Enumeration<ZipArchiveEntry> e = zip.getEntries(); e.hasMoreElements(); ) {
        String name = checkedName(e.nextElement().getName());
        if (!name.isEmpty()) {
          names.add(name);
        }
      }
      Layout layout = Layout.of(names);
      Budget budget = new Budget();
      for (Enumeration<ZipArchiveEntry> e = zip.getEntries(); e.hasMoreElements(); ) {
        ZipArchiveEntry entry = e.nextElement();
        budget.entry();
        String name = checkedName(entry.getName());
        String mapped = name.isEmpty() ? null : layout.map(name);
        if (mapped == null) {
          continue;
        }
        Path path = inside(target, mapped, name);
        if (entry.isUnixSymlink()) {
          String link = zip.getUnixSymlink(entry);
          checkLink(target, path, link, name);
          LOG.warnf("Not creating link %s -> %s from the archive", name, link);
        } else if (entry.isDirectory()) {
          Files.createDirectories(path);
        } else {
          Files.createDirectories(path.getParent());
          try (InputStream in = zip.getInputStream(entry)) {
            budget.write(in, path);
          }
        }
      }
    }
  }

  private void extractTar(Path archive, Path target) throws IOException {
    List<String> names = new ArrayList<>();
    try (TarArchiveInputStream tar = tar(archive)) {
      for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
        String name = checkedName(entry.getName());
        if (!name.isEmpty()) {
          names.add(name);
        }
        if (names.size() > MAX_ENTRIES) {
          throw PluginFailure.permanent("archive has more than " + MAX_ENTRIES + " entries");
        }
      }
    }
    Layout layout = Layout.of(names);
    Budget budget = new Budget();
    try (TarArchiveInputStream tar = tar(archive)) {
      for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
        budget.entry();
        String name = checkedName(entry.getName());
        String mapped = name.isEmpty() ? null : layout.map(name);
        if (mapped == null) {
          continue;
        }
        Path path = inside(target, mapped, name);
        if (entry.isSymbolicLink() || entry.isLink()) {
          // A hard link's name is relative to the archive root, a symlink's to its folder.
          String link = entry.getLinkName();
          if (entry.isLink()) {
            String mappedLink = layout.map(checkedName(link));
            inside(target, mappedLink == null ? "" : mappedLink, name + " -> " + link);
          } else {
            checkLink(target, path, link, name);
          }
          LOG.warnf("Not creating link %s -> %s from the archive", name, link);
        } else if (entry.isDirectory()) {
          Files.createDirectories(path);
        } else if (entry.isFile()) {
          Files.createDirectories(path.getParent());
          budget.write(tar, path);
        } else {
          LOG.warnf("Skipping %s: not a file or directory", name);
        }
      }
    }
  }

  private static TarArchiveInputStream tar(Path archive) throws IOException {
    InputStream in = new BufferedInputStream(Files.newInputStream(archive));
    try {
      return new TarArchiveInputStream(new GZIPInputStream(in, 64 * 1024));
    } catch (IOException e) {
      in.close();
      throw PluginFailure.permanent("file is not a gzip-compressed tar: " + e.getMessage());
    }
  }

  /**
   * Entry names as written, with separators unified and a leading {@code ./} dropped; absolute
   * names and names climbing out with {@code ..} are refused outright, wherever they would land.
   */
  private static String checkedName(String raw) {
    String name = raw.replace('\\', '/');
    if (name.startsWith("/") || name.matches("^[A-Za-z]:.*")) {
      throw PluginFailure.permanent(
          "archive entry '" + raw + "' has an absolute path; refusing the archive");
    }
    while (name.startsWith("./")) {
      name = name.substring(2);
    }
    if (name.equals(".")) {
      name = "";
    }
    Path normalized = Path.of(name).normalize();
    if (normalized.startsWith("..")) {
      throw PluginFailure.permanent(
          "archive entry '"
              + raw
              + "' would be written outside the plugin directory (zip-slip); refusing the"
              + " archive");
    }
    return name;
  }

  private static Path inside(Path target, String relative, String entry) {
    Path root = target.toAbsolutePath().normalize();
    Path path = root.resolve(relative).normalize();
    if (!path.startsWith(root)) {
      throw PluginFailure.permanent(
          "archive entry '"
              + entry
              + "' would be written outside the plugin directory (zip-slip); refusing the archive");
    }
    return path;
  }

  private static void checkLink(Path target, Path link, String linkTarget, String entry) {
    String to = linkTarget.replace('\\', '/');
    Path root = target.toAbsolutePath().normalize();
    Path resolved =
        to.startsWith("/") ? Path.of(to).normalize() : link.getParent().resolve(to).normalize();
    if (!resolved.startsWith(root)) {
      throw PluginFailure.permanent(
          "archive entry '"
              + entry
              + "' is a link to '"
              + linkTarget
              + "', outside the plugin directory; refusing the archive");
    }
  }
}

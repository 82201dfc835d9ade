package io.confluent.csid.kafka.connect.k8s.runner.plugins;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The digests of a download, computed while it is written, and the rule for comparing them: a
 * pinned or published checksum that differs fails the plugin with both values in one line.
 */
public final class Checksums {

  private final MessageDigest sha512 = digest("SHA-512");
  private final MessageDigest sha1 = digest("SHA-1");
  private final MessageDigest md5 = digest("MD5");
  private String sha512Hex;
  private String sha1Hex;
  private String md5Hex;

  OutputStream wrap(OutputStream out) {
    return new FilterOutputStream(out) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        sha512.update(b, off, len);
        sha1.update(b, off, len);
        md5.update(b, off, len);
        out.write(b, off, len);
      }

      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }
    };
  }

  public synchronized String sha512() {
    if (sha512Hex == null) {
      sha512Hex = HexFormat.of().formatHex(sha512.digest());
    }
    return sha512Hex;
  }

  public synchronized String sha1() {
    if (sha1Hex == null) {
      sha1Hex = HexFormat.of().formatHex(sha1.digest());
    }
    return sha1Hex;
  }

  public synchronized String md5() {
    if (md5Hex == null) {
      md5Hex = HexFormat.of().formatHex(md5.digest());
    }
    return md5Hex;
  }

  /**
   * @param algorithm SHA-512, SHA-1 or MD5
   * @param expected hex, any case; the first word only (Maven's .sha1 files may add a file name)
   * @param who who asked for it, for the message: "spec", "Confluent Hub", "the Maven repository"
   */
  public void verify(String algorithm, String expected, String who, String what) {
    String want = expected.trim().split("\\s+")[0].toLowerCase(Locale.ROOT);
    String actual =
        switch (algorithm) {
          case "SHA-512" -> sha512();
          case "SHA-1" -> sha1();
          case "MD5" -> md5();
          default -> throw new IllegalArgumentException(algorithm);
        };
    if (!actual.equals(want)) {
      throw PluginFailure.permanent(
          "checksum mismatch: "
              + algorithm
              + " of "
              + what
              + " is "
              + actual
              + " but "
              + who
              + " expects "
              + want);
    }
  }

  private static MessageDigest digest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

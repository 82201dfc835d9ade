package io.confluent.csid.kafka.connect.k8s.runner.plugins;

import java.net.URI;

/**
 * URLs as they may appear in logs and messages: user info ({@code user:token@}) and the query
 * string (pre-signed URLs carry their signature there) are replaced, so no credential or token is
 * ever printed.
 */
public final class Redaction {

  static final String HIDDEN = "***";

  private Redaction() {}

  public static String url(URI uri) {
    if (uri == null) {
      return "";
    }
    if (uri.getScheme() == null || uri.getRawAuthority() == null) {
      return uri.getRawQuery() == null ? uri.toString() : stripQuery(uri.toString());
    }
    StringBuilder text = new StringBuilder(uri.getScheme()).append("://");
    if (uri.getRawUserInfo() != null) {
      text.append(HIDDEN).append('@');
    }
    text.append(uri.getHost() == null ? "" : uri.getHost());
    if (uri.getPort() >= 0) {
      text.append(':').append(uri.getPort());
    }
    text.append(uri.getRawPath() == null ? "" : uri.getRawPath());
    if (uri.getRawQuery() != null) {
      text.append('?').append(HIDDEN);
    }
    return text.toString();
  }

  /** Redacts a URL given as text, which may not even parse. */
  public static String url(String text) {
    try {
      return url(URI.create(text));
    } catch (IllegalArgumentException e) {
      String noQuery = stripQuery(text);
      int at = noQuery.lastIndexOf('@');
      int scheme = noQuery.indexOf("://");
      if (at > 0 && scheme > 0 && at > scheme) {
        return noQuery.substring(0, scheme + 3) + HIDDEN + noQuery.substring(at);
      }
      return noQuery;
    }
  }

  private static String stripQuery(String text) {
    int q = text.indexOf('?');
    return q < 0 ? text : text.substring(0, q) + "?" + HIDDEN;
  }
}

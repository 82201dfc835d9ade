package io.confluent.csid.kafka.connect.k8s.runner.plugins;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.NoRouteToHostException;
import java.net.ProxySelector;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import javax.net.ssl.SSLException;
import org.jboss.logging.Logger;

/**
 * HTTP GETs with the safety rules of docs/plugins.md: https only unless allowed (also after a
 * redirect), connect and stall timeouts, a size limit, retries with exponential back-off on
 * transient errors, and URLs redacted in every message. {@link HttpURLConnection} because its read
 * timeout is exactly a stall timeout: it fires when no byte arrives for that long.
 */
public final class Downloader {

  private static final Logger LOG = Logger.getLogger(Downloader.class);
  private static final int MAX_REDIRECTS = 5;
  private static final int MAX_TEXT_BYTES = 1024 * 1024;

  private final PluginSettings settings;
  private final ProxySelector proxies;

  public Downloader(PluginSettings settings, ProxySelector proxies) {
    this.settings = settings;
    this.proxies = proxies;
  }

  /** A downloaded file with its size and digests. */
  public record Download(Path file, long bytes, Checksums checksums) {}

  /** Downloads {@code uri} into {@code target}, computing its checksums on the way. */
  public Download toFile(URI uri, Path target) {
    return withRetries(
        uri,
        () -> {
          Checksums checksums = new Checksums();
          long bytes;
          try (Response response = open(uri);
              OutputStream out = Files.newOutputStream(target)) {
            bytes = copy(response, checksums.wrap(out), settings.maxBytes());
          }
          return new Download(target, bytes, checksums);
        });
  }

  /** A small text resource (Hub API JSON, a Maven checksum file). */
  public String text(URI uri) {
    return withRetries(
        uri,
        () -> {
          try (Response response = open(uri)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            copy(response, out, MAX_TEXT_BYTES);
            return out.toString(StandardCharsets.UTF_8);
          }
        });
  }

  /** Like {@link #text(URI)}, but a 404 is an empty result rather than a failure. */
  public Optional<String> optionalText(URI uri) {
    try {
      return Optional.of(text(uri));
    } catch (NotFound e) {
      return Optional.empty();
    }
  }

  private interface Attempt<T> {
    T run() throws IOException;
  }

  private <T> T withRetries(URI uri, Attempt<T> attempt) {
    String where = Redaction.url(uri);
    for (int n = 1; ; n++) {
      String problem;
      try {
        return attempt.run();
      } catch (PluginFailure e) {
        if (!e.isTransient() || n >= settings.attempts()) {
          throw e;
        }
        problem = e.getMessage();
      } catch (SocketTimeoutException e) {
        problem = timeoutMessage(where, e);
        if (n >= settings.attempts()) {
          throw PluginFailure.transientFailure(problem + " (" + n + " attempts)");
        }
      } catch (UnknownHostException e) {
        problem = "cannot resolve the host of " + where;
        if (n >= settings.attempts()) {
          throw PluginFailure.transientFailure(problem + " (" + n + " attempts)");
        }
      } catch (ConnectException | NoRouteToHostException e) {
        problem = "cannot connect to " + where + " (" + e.getMessage() + ")";
        if (n >= settings.attempts()) {
          throw PluginFailure.transientFailure(problem + " (" + n + " attempts)");
        }
      } catch (SSLException e) {
        throw PluginFailure.permanent(
            "TLS with " + where + " failed: " + e.getMessage() + " (is its CA trusted?)");
      } catch (IOException e) {
        problem = "reading " + where + " failed: " + e.getMessage();
        if (n >= settings.attempts()) {
          throw PluginFailure.transientFailure(problem + " (" + n + " attempts)");
        }
      }
      Duration wait = backoff(n);
      LOG.warnf(
          "%s; attempt %d of %d, retrying in %d ms",
          problem, n, settings.attempts(), wait.toMillis());
      try {
        Thread.sleep(wait.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw PluginFailure.transientFailure("interrupted while downloading " + where);
      }
    }
  }

  private String timeoutMessage(String where, SocketTimeoutException e) {
    String text = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    if (text.contains("connect")) {
      return "connecting to "
          + where
          + " timed out after "
          + seconds(settings.connectTimeout())
          + " (connect timeout)";
    }
    return where + " stalled: no data for " + seconds(settings.stallTimeout()) + " (stall timeout)";
  }

  private static String seconds(Duration duration) {
    return duration.toMillis() % 1000 == 0
        ? duration.toSeconds() + "s"
        : String.format(Locale.ROOT, "%.1fs", duration.toMillis() / 1000.0);
  }

  private Duration backoff(int attempt) {
    long base = settings.backoff().toMillis() * (1L << Math.min(attempt - 1, 5));
    long capped = Math.min(base, 30_000);
    return Duration.ofMillis(capped + ThreadLocalRandom.current().nextLong(capped / 5 + 1));
  }

  /** An open connection with a 2xx response, after redirects. */
  private static final class Response implements AutoCloseable {
    final HttpURLConnection connection;
    final InputStream body;
    final long length;

    Response(HttpURLConnection connection) throws IOException {
      this.connection = connection;
      this.length = connection.getContentLengthLong();
      this.body = connection.getInputStream();
    }

    @Override
    public void close() {
      try {
        body.close();
      } catch (IOException e) {
        // Nothing left to read from it anyway.
      }
      connection.disconnect();
    }
  }

  private Response open(URI start) throws IOException {
    URI uri = start;
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      checkScheme(uri, start);
      HttpURLConnection connection =
          (HttpURLConnection) uri.toURL().openConnection(proxies.select(uri).get(0));
      connection.setInstanceFollowRedirects(false);
      connection.setConnectTimeout((int) settings.connectTimeout().toMillis());
      connection.setReadTimeout((int) settings.stallTimeout().toMillis());
      connection.setRequestProperty("User-Agent", "connect-k8s-runner");
      basicAuth(uri, start).ifPresent(auth -> connection.setRequestProperty("Authorization", auth));
      int status = connection.getResponseCode();
      if (status >= 200 && status < 300) {
        return new Response(connection);
      }
      String location = connection.getHeaderField("Location");
      connection.disconnect();
      if (status >= 300 && status < 400 && location != null) {
        uri = uri.resolve(location);
        continue;
      }
      throw statusFailure(uri, status);
    }
    throw PluginFailure.permanent(
        "more than " + MAX_REDIRECTS + " redirects from " + Redaction.url(start));
  }

  private void checkScheme(URI uri, URI start) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (scheme.equals("https") || (scheme.equals("http") && settings.allowHttp())) {
      return;
    }
    String via = uri.equals(start) ? "" : " (redirected from " + Redaction.url(start) + ")";
    if (scheme.equals("http")) {
      throw PluginFailure.permanent(
          Redaction.url(uri)
              + via
              + " is plain http: use https, or set spec.allowInsecurePluginDownloads: true");
    }
    throw PluginFailure.permanent(Redaction.url(uri) + via + " is neither https nor http");
  }

  /** Credentials written into the URL go only to that URL's own host, never to a redirect. */
  private static Optional<String> basicAuth(URI uri, URI start) {
    if (start.getRawUserInfo() == null
        || !String.valueOf(uri.getHost()).equalsIgnoreCase(start.getHost())) {
      return Optional.empty();
    }
    String userInfo = URLDecoder.decode(start.getRawUserInfo(), StandardCharsets.UTF_8);
    return Optional.of(
        "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8)));
  }

  private static PluginFailure statusFailure(URI uri, int status) {
    String where = Redaction.url(uri);
    if (status == 404 || status == 410) {
      return new NotFound(where + " was not found (HTTP " + status + ")");
    }
    if (status == 401 || status == 403) {
      return PluginFailure.permanent(
          where + " refused access (HTTP " + status + "): credentials missing or not allowed");
    }
    if (status >= 500 || status == 429 || status == 408) {
      return PluginFailure.transientFailure(where + " answered HTTP " + status);
    }
    return PluginFailure.permanent(where + " answered HTTP " + status);
  }

  private long copy(Response response, OutputStream out, long limit) throws IOException {
    if (response.length > limit) {
      throw tooBig(response.connection.getURL().toString(), response.length, limit);
    }
    byte[] buffer = new byte[64 * 1024];
    long total = 0;
    int read;
    while ((read = response.body.read(buffer)) >= 0) {
      total += read;
      if (total > limit) {
        throw tooBig(response.connection.getURL().toString(), total, limit);
      }
      out.write(buffer, 0, read);
    }
    if (response.length >= 0 && total != response.length) {
      throw new IOException(
          "connection closed after " + total + " of " + response.length + " bytes");
    }
    return total;
  }

  private static PluginFailure tooBig(String url, long bytes, long limit) {
    return PluginFailure.permanent(
        Redaction.url(url)
            + " is larger than the limit of "
            + limit
            + " bytes (at least "
            + bytes
            + "): raise the operator's plugin size limit if it is expected");
  }

  /** HTTP 404 or 410: wrong coordinates or base URL. */
  public static final class NotFound extends PluginFailure {
    NotFound(String message) {
      super(message, false);
    }

    @Override
    public PluginFailure forPlugin(String plugin) {
      return new NotFound("Plugin " + plugin + ": " + getMessage());
    }
  }
}

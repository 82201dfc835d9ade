package io.confluent.csid.kafka.connect.k8s.runner.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A loopback HTTP server playing Confluent Hub (its versions API and archive downloads), a Maven
 * repository and plain file hosting, with misbehaviours on demand: a path that stalls after the
 * first bytes, and 404 for anything not published.
 */
public final class PluginRepository implements AutoCloseable {

  private final HttpServer server;
  private final java.util.concurrent.ExecutorService executor = Executors.newCachedThreadPool();
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();
  private final Map<String, Long> stalls = new ConcurrentHashMap<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();

  public PluginRepository() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public String hubUrl() {
    return baseUrl() + "/api/plugins";
  }

  public String mavenUrl() {
    return baseUrl() + "/maven2";
  }

  /** Publishes a Hub component; {@code publishedSha1} lets a test publish a wrong checksum. */
  public void publishHub(String owner, String name, String version, byte[] zip, String sha1) {
    String archive = "/archive/" + owner + "-" + name + "-" + version + ".zip";
    files.put(archive, zip);
    String manifest =
        "{\"name\":\""
            + name
            + "\",\"version\":\""
            + version
            + "\",\"owner\":{\"username\":\""
            + owner
            + "\"},\"archive\":{\"name\":\""
            + owner
            + "-"
            + name
            + "-"
            + version
            + ".zip\",\"url\":\""
            + baseUrl()
            + archive
            + "\",\"md5\":\""
            + PluginArchives.hex("MD5", zip)
            + "\",\"sha1\":\""
            + sha1
            + "\"}}";
    files.put(
        "/api/plugins/" + owner + "/" + name + "/versions/" + version,
        manifest.getBytes(StandardCharsets.UTF_8));
  }

  public void publishHub(String owner, String name, String version, byte[] zip) {
    publishHub(owner, name, version, zip, PluginArchives.hex("SHA-1", zip));
  }

  /** A Maven artifact and its .sha1, like every Maven repository serves them. */
  public void publishMaven(String path, byte[] bytes) {
    files.put("/maven2/" + path, bytes);
    files.put(
        "/maven2/" + path + ".sha1",
        PluginArchives.hex("SHA-1", bytes).getBytes(StandardCharsets.UTF_8));
  }

  public String publish(String path, byte[] bytes) {
    files.put(path, bytes);
    return baseUrl() + path;
  }

  /** Serves the headers and {@code bytesBeforeStall} bytes of a large body, then nothing. */
  public String stalling(String path, long bytesBeforeStall) {
    stalls.put(path, bytesBeforeStall);
    return baseUrl() + path;
  }

  public List<String> requests() {
    return List.copyOf(requests);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    requests.add(path);
    try (exchange) {
      Long stall = stalls.get(path);
      if (stall != null) {
        exchange.sendResponseHeaders(200, stall + 1_000_000);
        OutputStream out = exchange.getResponseBody();
        out.write(new byte[stall.intValue()]);
        out.flush();
        try {
          Thread.sleep(120_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return;
      }
      byte[] body = files.get(path);
      if (body == null) {
        byte[] text = "not found".getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(404, text.length);
        exchange.getResponseBody().write(text);
        return;
      }
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
    } catch (IOException e) {
      // The client gave up (stall tests): nothing to answer.
    }
  }

  @Override
  public void close() {
    server.stop(0);
    // Wakes the stalling handlers.
    executor.shutdownNow();
  }
}

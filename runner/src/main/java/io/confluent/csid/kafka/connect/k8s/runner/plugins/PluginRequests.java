package io.confluent.csid.kafka.connect.k8s.runner.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.confluent.csid.kafka.connect.k8s.runner.BadInputException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what to install: the {@code spec.downloadPlugins} strings (container args), classified by
 * their shape, and the structured {@code spec.plugins} entries (JSON in {@code
 * CONNECT_K8S_PLUGINS}). Anything unclear is bad input, one line naming the entry.
 */
public final class PluginRequests {

  static final String ACCEPTED =
      "use owner/name:version (Confluent Hub), group:artifact:version[:classifier[:type]] (Maven)"
          + " or an https:// URL to a .zip, .tar.gz, .tgz or .jar";

  private static final String PART = "[A-Za-z0-9][A-Za-z0-9._-]*";
  private static final Pattern HUB =
      Pattern.compile("^(" + PART + ")/(" + PART + "):([A-Za-z0-9][A-Za-z0-9._+-]*)$");
  private static final Pattern MAVEN =
      Pattern.compile(
          "^(" + PART + "):(" + PART + "):(" + PART + ")(?::(" + PART + "))?(?::(" + PART + "))?$");
  private static final Pattern NAME = Pattern.compile("^" + PART + "$");
  private static final Pattern SHA512 = Pattern.compile("^[0-9a-fA-F]{128}$");
  private static final Set<String> MAVEN_TYPES = Set.of("jar", "zip", "tar.gz", "tgz");

  private PluginRequests() {}

  /** The string list and the structured entries together; names must be unique. */
  public static List<PluginRequest> parse(List<String> coordinates, Optional<String> json) {
    List<PluginRequest> all = new ArrayList<>();
    for (String coordinate : coordinates) {
      PluginSource source = classify(coordinate);
      if (!NAME.matcher(source.defaultName()).matches()) {
        throw new BadInputException(
            "Cannot name a plugin directory after '"
                + source.describe()
                + "': list it in spec.plugins with a name");
      }
      all.add(new PluginRequest(source.defaultName(), source, Optional.empty()));
    }
    if (json.isPresent() && !json.get().isBlank()) {
      all.addAll(structured(json.get()));
    }
    Set<String> names = new HashSet<>();
    for (PluginRequest request : all) {
      if (!names.add(request.name())) {
        throw new BadInputException(
            "Two plugins would be installed as '"
                + request.name()
                + "': give the structured entries (spec.plugins) distinct names");
      }
    }
    return List.copyOf(all);
  }

  /** One {@code spec.downloadPlugins} string. */
  public static PluginSource classify(String coordinate) {
    String text = coordinate == null ? "" : coordinate.trim();
    String lower = text.toLowerCase(Locale.ROOT);
    if (lower.startsWith("https://") || lower.startsWith("http://")) {
      return url(text, "'" + Redaction.url(text) + "'");
    }
    Matcher hub = HUB.matcher(text);
    if (hub.matches()) {
      return new PluginSource.Hub(hub.group(1), hub.group(2), hub.group(3));
    }
    Matcher maven = MAVEN.matcher(text);
    if (maven.matches()) {
      return maven(maven, text);
    }
    throw new BadInputException(
        "downloadPlugins entry '" + Redaction.url(text) + "' is not a plugin: " + ACCEPTED);
  }

  private static PluginSource maven(Matcher maven, String text) {
    String classifier = maven.group(4);
    String type = maven.group(5) == null ? "jar" : maven.group(5).toLowerCase(Locale.ROOT);
    if (maven.group(5) == null && classifier != null && MAVEN_TYPES.contains(classifier)) {
      // group:artifact:version:zip reads as a type, which is what people mean by it.
      type = classifier;
      classifier = null;
    }
    if (!MAVEN_TYPES.contains(type)) {
      throw new BadInputException(
          "Maven plugin '" + text + "' has type '" + type + "': use jar, zip, tar.gz or tgz");
    }
    return new PluginSource.Maven(maven.group(1), maven.group(2), maven.group(3), classifier, type);
  }

  private static PluginSource url(String text, String what) {
    URI uri;
    try {
      uri = URI.create(text);
    } catch (IllegalArgumentException e) {
      throw new BadInputException("Plugin URL " + what + " is not a valid URL");
    }
    if (uri.getHost() == null) {
      throw new BadInputException("Plugin URL " + what + " has no host");
    }
    if (PluginSource.ArchiveType.ofFileName(uri.getPath()) == null) {
      throw new BadInputException(
          "Plugin URL " + what + " does not end in .zip, .tar.gz, .tgz or .jar");
    }
    return new PluginSource.Url(uri);
  }

  private static List<PluginRequest> structured(String json) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(json);
    } catch (Exception e) {
      throw new BadInputException("CONNECT_K8S_PLUGINS is not a JSON array of plugins");
    }
    if (root == null || !root.isArray()) {
      throw new BadInputException("CONNECT_K8S_PLUGINS is not a JSON array of plugins");
    }
    List<PluginRequest> requests = new ArrayList<>();
    int index = 0;
    for (Iterator<JsonNode> it = root.elements(); it.hasNext(); index++) {
      requests.add(entry(it.next(), "spec.plugins[" + index + "]"));
    }
    return requests;
  }

  private static PluginRequest entry(JsonNode node, String where) {
    String name = text(node, "name");
    if (name == null || !NAME.matcher(name).matches()) {
      throw new BadInputException(
          where
              + " needs a name made of letters, digits, '.', '_' and '-' (the plugin's"
              + " directory), not starting with '.' or '-'");
    }
    where = where + " (" + name + ")";
    String hub = text(node, "hub");
    String maven = text(node, "maven");
    String url = text(node, "url");
    int sources = (hub == null ? 0 : 1) + (maven == null ? 0 : 1) + (url == null ? 0 : 1);
    if (sources != 1) {
      throw new BadInputException(where + " must set exactly one of hub, maven or url");
    }
    PluginSource source;
    if (hub != null) {
      Matcher m = HUB.matcher(hub.trim());
      if (!m.matches()) {
        throw new BadInputException(where + ": hub '" + hub + "' is not owner/name:version");
      }
      source = new PluginSource.Hub(m.group(1), m.group(2), m.group(3));
    } else if (maven != null) {
      Matcher m = MAVEN.matcher(maven.trim());
      if (!m.matches()) {
        throw new BadInputException(
            where + ": maven '" + maven + "' is not group:artifact:version[:classifier[:type]]");
      }
      source = maven(m, maven.trim());
    } else {
      String lower = url.trim().toLowerCase(Locale.ROOT);
      if (!lower.startsWith("https://") && !lower.startsWith("http://")) {
        throw new BadInputException(where + ": url must start with https://");
      }
      source = url(url.trim(), "of " + where);
    }
    String sha512 = text(node, "sha512");
    if (sha512 != null && !SHA512.matcher(sha512.trim()).matches()) {
      throw new BadInputException(where + ": sha512 must be 128 hexadecimal characters");
    }
    return new PluginRequest(
        name, source, Optional.ofNullable(sha512).map(s -> s.trim().toLowerCase(Locale.ROOT)));
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() || value.asText().isBlank() ? null : value.asText();
  }
}

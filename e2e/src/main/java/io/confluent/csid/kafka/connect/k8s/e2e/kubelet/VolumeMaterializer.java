package io.confluent.csid.kafka.connect.k8s.e2e.kubelet;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.DownwardAPIVolumeFile;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Writes a pod's volumes as directories under the pod's directory, from the API objects they
 * reference (read with the kubelet's own credentials, as a real kubelet does). Called again while
 * the pod runs so Secret and ConfigMap changes reach the files, like the kubelet's periodic volume
 * sync (each file is replaced atomically).
 */
final class VolumeMaterializer {

  private final KubernetesClient client;

  VolumeMaterializer(KubernetesClient client) {
    this.client = client;
  }

  /**
   * @return volume name to host directory (or file, for hostPath files)
   * @throws NotReadyYet when a referenced Secret or ConfigMap does not exist (yet)
   */
  Map<String, Path> materialize(Pod pod, Path volumesDir) throws NotReadyYet {
    Map<String, Path> result = new LinkedHashMap<>();
    String ns = pod.getMetadata().getNamespace();
    for (Volume v : pod.getSpec().getVolumes()) {
      Path dir = volumesDir.resolve(v.getName());
      if (v.getHostPath() != null) {
        result.put(v.getName(), Path.of(v.getHostPath().getPath()));
        continue;
      }
      mkdirs(dir);
      if (v.getEmptyDir() != null) {
        chmod(dir, 0777);
      } else if (v.getSecret() != null) {
        var s = v.getSecret();
        Map<String, byte[]> data =
            secretData(ns, s.getSecretName(), Boolean.TRUE.equals(s.getOptional()));
        writeAll(
            dir,
            select(data, s.getItems(), "secret " + s.getSecretName()),
            s.getItems(),
            mode(s.getDefaultMode(), 0644));
      } else if (v.getConfigMap() != null) {
        var c = v.getConfigMap();
        Map<String, byte[]> data =
            configMapData(ns, c.getName(), Boolean.TRUE.equals(c.getOptional()));
        writeAll(
            dir,
            select(data, c.getItems(), "configmap " + c.getName()),
            c.getItems(),
            mode(c.getDefaultMode(), 0644));
      } else if (v.getDownwardAPI() != null) {
        int mode = mode(v.getDownwardAPI().getDefaultMode(), 0644);
        for (DownwardAPIVolumeFile f : v.getDownwardAPI().getItems()) {
          write(dir.resolve(f.getPath()), downward(pod, f), mode(f.getMode(), mode));
        }
      } else if (v.getProjected() != null) {
        int mode = mode(v.getProjected().getDefaultMode(), 0644);
        for (VolumeProjection p : v.getProjected().getSources()) {
          if (p.getSecret() != null) {
            var s = p.getSecret();
            Map<String, byte[]> data =
                secretData(ns, s.getName(), Boolean.TRUE.equals(s.getOptional()));
            writeAll(dir, select(data, s.getItems(), "secret " + s.getName()), s.getItems(), mode);
          } else if (p.getConfigMap() != null) {
            var c = p.getConfigMap();
            Map<String, byte[]> data =
                configMapData(ns, c.getName(), Boolean.TRUE.equals(c.getOptional()));
            writeAll(
                dir, select(data, c.getItems(), "configmap " + c.getName()), c.getItems(), mode);
          } else if (p.getDownwardAPI() != null) {
            for (DownwardAPIVolumeFile f : p.getDownwardAPI().getItems()) {
              write(dir.resolve(f.getPath()), downward(pod, f), mode(f.getMode(), mode));
            }
          } else {
            throw new NotReadyYet(
                "ContainerCreating",
                "volume " + v.getName() + ": projection not supported by the process kubelet");
          }
        }
      } else {
        throw new NotReadyYet(
            "ContainerCreating",
            "volume " + v.getName() + ": type not supported by the process kubelet");
      }
      result.put(v.getName(), dir);
    }
    return result;
  }

  private Map<String, byte[]> secretData(String ns, String name, boolean optional)
      throws NotReadyYet {
    Secret secret = client.secrets().inNamespace(ns).withName(name).get();
    if (secret == null) {
      if (optional) {
        return Map.of();
      }
      throw new NotReadyYet(
          "ContainerCreating", "MountVolume.SetUp failed: secret \"" + name + "\" not found");
    }
    Map<String, byte[]> data = new TreeMap<>();
    if (secret.getData() != null) {
      secret.getData().forEach((k, v) -> data.put(k, Base64.getDecoder().decode(v)));
    }
    if (secret.getStringData() != null) {
      secret.getStringData().forEach((k, v) -> data.put(k, v.getBytes(StandardCharsets.UTF_8)));
    }
    return data;
  }

  private Map<String, byte[]> configMapData(String ns, String name, boolean optional)
      throws NotReadyYet {
    ConfigMap cm = client.configMaps().inNamespace(ns).withName(name).get();
    if (cm == null) {
      if (optional) {
        return Map.of();
      }
      throw new NotReadyYet(
          "ContainerCreating", "MountVolume.SetUp failed: configmap \"" + name + "\" not found");
    }
    Map<String, byte[]> data = new TreeMap<>();
    if (cm.getData() != null) {
      cm.getData().forEach((k, v) -> data.put(k, v.getBytes(StandardCharsets.UTF_8)));
    }
    if (cm.getBinaryData() != null) {
      cm.getBinaryData().forEach((k, v) -> data.put(k, Base64.getDecoder().decode(v)));
    }
    return data;
  }

  /** With items, only the listed keys (each must exist), under their paths. */
  private static Map<String, byte[]> select(
      Map<String, byte[]> data, List<KeyToPath> items, String what) throws NotReadyYet {
    if (items == null || items.isEmpty()) {
      return data;
    }
    Map<String, byte[]> selected = new LinkedHashMap<>();
    for (KeyToPath item : items) {
      byte[] value = data.get(item.getKey());
      if (value == null) {
        throw new NotReadyYet(
            "ContainerCreating",
            "MountVolume.SetUp failed: " + what + " has no key \"" + item.getKey() + "\"");
      }
      selected.put(item.getPath(), value);
    }
    return selected;
  }

  private static void writeAll(
      Path dir, Map<String, byte[]> files, List<KeyToPath> items, int defaultMode) {
    Map<String, Integer> modes =
        items == null
            ? Map.of()
            : items.stream()
                .filter(i -> i.getMode() != null)
                .collect(Collectors.toMap(KeyToPath::getPath, KeyToPath::getMode));
    files.forEach(
        (path, bytes) -> write(dir.resolve(path), bytes, modes.getOrDefault(path, defaultMode)));
  }

  static byte[] downward(Pod pod, DownwardAPIVolumeFile f) throws NotReadyYet {
    if (f.getFieldRef() == null) {
      throw new NotReadyYet(
          "ContainerCreating", "downwardAPI " + f.getPath() + ": only fieldRef is supported");
    }
    String field = f.getFieldRef().getFieldPath();
    String value =
        switch (field) {
          case "metadata.labels" -> format(pod.getMetadata().getLabels());
          case "metadata.annotations" -> format(pod.getMetadata().getAnnotations());
          default -> ContainerEnv.fieldValue(pod, field);
        };
    return value.getBytes(StandardCharsets.UTF_8);
  }

  private static String format(Map<String, String> map) {
    return new TreeMap<>(map == null ? Map.<String, String>of() : map)
        .entrySet().stream()
            .map(e -> e.getKey() + "=\"" + e.getValue().replace("\"", "\\\"") + "\"")
            .collect(Collectors.joining("\n"));
  }

  private static int mode(Integer mode, int fallback) {
    return mode == null ? fallback : mode;
  }

  private static void write(Path file, byte[] bytes, int mode) {
    try {
      mkdirs(file.getParent());
      if (Files.exists(file) && Arrays.equals(Files.readAllBytes(file), bytes)) {
        chmod(file, mode);
        return;
      }
      Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
      Files.write(tmp, bytes);
      chmod(tmp, mode);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void mkdirs(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void chmod(Path path, int mode) {
    Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] order = {
      PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
      PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
      PosixFilePermission.OWNER_READ
    };
    for (int bit = 0; bit < order.length; bit++) {
      if ((mode & (1 << bit)) != 0) {
        perms.add(order[bit]);
      }
    }
    try {
      Files.setPosixFilePermissions(path, perms);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

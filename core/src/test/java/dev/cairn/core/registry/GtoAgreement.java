package dev.cairn.core.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.core.git.GitTag;
import dev.cairn.core.testing.InteropTools;
import dev.cairn.core.testing.ProcessRunner;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs the real gto on a fresh clone and compares its view with Cairn's. */
final class GtoAgreement {
  private static final ObjectMapper JSON = new ObjectMapper();

  private GtoAgreement() {}

  /** Clones {@code url} into {@code dir} with the git CLI (all tags). */
  static Path cloneWithGit(String url, Path dir) {
    ProcessRunner.run(
            java.util.Objects.requireNonNull(dir.toAbsolutePath().getParent()),
            List.of("git", "clone", "-q", url, dir.toString()))
        .assertOk();
    ProcessRunner.run(dir, List.of("git", "fetch", "-q", "--tags", "origin")).assertOk();
    return dir;
  }

  static Object gtoJson(Path clone, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(InteropTools.require("gto").toString()));
    cmd.addAll(List.of(args));
    String out = ProcessRunner.run(clone, cmd).assertOk().stdout();
    return JSON.readValue(out, Object.class);
  }

  /** gto show --json equals Cairn's show document for the same tags. */
  static void assertShowAgrees(Path clone, List<GitTag> tags) throws Exception {
    Object gto = gtoJson(clone, "show", "--json");
    Map<String, Object> cairn = RegistryState.compute(tags).toShowJson(false);
    assertThat(JSON.readValue(JSON.writeValueAsString(cairn), Object.class))
        .as("gto show --json")
        .isEqualTo(gto);
  }

  /**
   * For every artifact, {@code gto show NAME --json} equals {@link GtoVersions#of} (gto's commit
   * {@code enrichments} left out; times compared as instants).
   */
  static void assertShowNameAgrees(Path clone, List<GitTag> tags) throws Exception {
    RegistryState state = RegistryState.compute(tags);
    for (ArtifactState artifact : state.artifacts().values()) {
      Object gto = normalized(gtoJson(clone, "show", artifact.name(), "--json"));
      Object cairn =
          normalized(
              JSON.readValue(JSON.writeValueAsString(GtoVersions.of(artifact)), Object.class));
      assertThat(cairn).as("gto show %s --json", artifact.name()).isEqualTo(gto);
    }
  }

  /** Drops {@code enrichments}; times become instants ({@code +00:00} and {@code Z} alike). */
  @SuppressWarnings("unchecked")
  static Object normalized(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        String key = String.valueOf(e.getKey());
        if (key.equals("enrichments")) {
          continue;
        }
        Object v = e.getValue();
        if ((key.equals("created_at") || key.equals("activated_at")) && v instanceof String t) {
          v = OffsetDateTime.parse(t).toInstant().toString();
        }
        out.put(key, normalized(v));
      }
      return out;
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      for (Object o : list) {
        out.add(normalized(o));
      }
      return out;
    }
    return value;
  }

  /** gto history --json lists the same events as Cairn (same-second ties compared as sets). */
  @SuppressWarnings("unchecked")
  static void assertHistoryAgrees(Path clone, List<GitTag> tags) throws Exception {
    List<Map<String, Object>> gto = (List<Map<String, Object>>) gtoJson(clone, "history", "--json");
    List<Map<String, Object>> gtoEvents = new ArrayList<>();
    for (Map<String, Object> e : gto) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("timestamp", OffsetDateTime.parse((String) e.get("timestamp")).toInstant().toString());
      m.put("artifact", e.get("artifact"));
      m.put("event", e.get("event"));
      m.put("version", e.get("version"));
      m.put("stage", e.get("stage"));
      m.put("commit", e.get("commit"));
      m.put("ref", e.get("ref"));
      gtoEvents.add(m);
    }
    List<Map<String, Object>> cairnEvents = new ArrayList<>();
    for (RegistryEvent e : RegistryState.compute(tags).history()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("timestamp", e.timestamp().toString());
      m.put("artifact", e.artifact());
      m.put("event", e.action().eventName());
      m.put("version", e.version());
      m.put("stage", e.stage());
      m.put("commit", e.commit());
      m.put("ref", e.tag());
      cairnEvents.add(m);
    }
    Comparator<Map<String, Object>> order =
        Comparator.comparing((Map<String, Object> m) -> (String) m.get("timestamp"))
            .thenComparing(m -> (String) m.get("ref"));
    List<Map<String, Object>> a = new ArrayList<>(gtoEvents);
    List<Map<String, Object>> b = new ArrayList<>(cairnEvents);
    a.sort(order);
    b.sort(order);
    assertThat(b).as("gto history --json").isEqualTo(a);
  }
}

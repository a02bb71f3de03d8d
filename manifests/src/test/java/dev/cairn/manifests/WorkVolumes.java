package dev.cairn.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test helper: what Argo makes of a step template's {@code work-volume} parameter. It evaluates the
 * two expressions the generator writes (the {@code --work-dir} argument and the {@code
 * podSpecPatch}), which have one fixed shape each, and applies the patch's volumes to the
 * template's as a strategic merge does (by name; a null field is removed).
 */
public final class WorkVolumes {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String REF = "inputs\\.parameters\\['work-volume']";
  private static final Pattern WORK_DIR_ARG =
      Pattern.compile("\\{\\{=" + REF + " == '' \\? '([^']*)' : '([^']*)'}}");
  private static final Pattern PATCH =
      Pattern.compile(
          "\\{\\{=" + REF + " == '' \\? '' : '([^']*)' \\+ " + REF + " \\+ '([^']*)'}}");

  private WorkVolumes() {}

  /** The pod a step template gives for this {@code work-volume} value: its args and volumes. */
  public record Pod(String workDirArg, String patch, JsonNode volumes, JsonNode volumeMounts) {
    /** The volume named {@code name}. */
    public JsonNode volume(String name) {
      for (JsonNode v : volumes) {
        if (v.path("name").asText().equals(name)) {
          return v;
        }
      }
      throw new AssertionError("no volume " + name + " in " + volumes);
    }

    /** The mount path of the volume named {@code name}. */
    public String mountPath(String name) {
      for (JsonNode m : volumeMounts) {
        if (m.path("name").asText().equals(name)) {
          return m.path("mountPath").asText();
        }
      }
      throw new AssertionError("no mount of " + name + " in " + volumeMounts);
    }
  }

  /** Evaluates {@code template} (one of cairn-steps' templates) with {@code work-volume=claim}. */
  public static Pod pod(JsonNode template, String claim) {
    String arg = template.path("container").path("args").get(0).asText();
    Matcher a = WORK_DIR_ARG.matcher(arg);
    assertThat(a.matches()).as("the --work-dir argument has the expected shape: %s", arg).isTrue();
    String patchExpression = template.path("podSpecPatch").asText();
    Matcher p = PATCH.matcher(patchExpression);
    assertThat(p.matches())
        .as("the podSpecPatch has the expected shape: %s", patchExpression)
        .isTrue();
    String patch = claim.isEmpty() ? "" : p.group(1) + claim + p.group(2);
    ArrayNode volumes = template.path("volumes").deepCopy();
    if (!patch.isEmpty()) {
      apply(volumes, read(patch));
    }
    return new Pod(
        claim.isEmpty() ? a.group(1) : a.group(2),
        patch,
        volumes,
        template.path("container").path("volumeMounts"));
  }

  private static JsonNode read(String patch) {
    try {
      return JSON.readTree(patch);
    } catch (IOException e) {
      throw new UncheckedIOException("the podSpecPatch is not JSON: " + patch, e);
    }
  }

  private static void apply(ArrayNode volumes, JsonNode patch) {
    assertThat(patch.size()).as("the patch changes only volumes: %s", patch).isEqualTo(1);
    for (JsonNode change : patch.path("volumes")) {
      ObjectNode target = null;
      for (JsonNode v : volumes) {
        if (v.path("name").equals(change.path("name"))) {
          target = (ObjectNode) v;
        }
      }
      assertThat(target).as("the patched volume %s exists", change.path("name")).isNotNull();
      if (target == null) {
        return;
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = change.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        if (field.getValue().isNull()) {
          target.remove(field.getKey());
        } else {
          target.set(field.getKey(), field.getValue());
        }
      }
    }
  }
}

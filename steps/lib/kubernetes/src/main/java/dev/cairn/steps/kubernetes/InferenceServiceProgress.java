package dev.cairn.steps.kubernetes;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Decides whether an InferenceService serves the wanted generation: {@code status.conditions} has
 * {@code Ready=True}, and {@code status.observedGeneration}, when the controller writes it, has
 * reached the generation the patch produced.
 */
final class InferenceServiceProgress {
  private InferenceServiceProgress() {}

  static RolloutProgress of(Map<String, Object> object, long generation) {
    Object observed = KubeObjects.at(object, "status", "observedGeneration");
    if (observed instanceof Number n && n.longValue() < generation) {
      return RolloutProgress.waiting(
          "waiting for the controller to observe generation "
              + generation
              + " (observed "
              + n.longValue()
              + ")");
    }
    Map<String, Object> ready = readyCondition(object);
    if (ready == null) {
      return RolloutProgress.waiting("no Ready condition yet");
    }
    String status = String.valueOf(ready.get("status"));
    if ("True".equals(status)) {
      return RolloutProgress.done("Ready=True at generation " + generation);
    }
    StringBuilder line = new StringBuilder("Ready=").append(status);
    appendIfPresent(line, ready.get("reason"));
    appendIfPresent(line, ready.get("message"));
    return RolloutProgress.waiting(line.toString());
  }

  private static @Nullable Map<String, Object> readyCondition(Map<String, Object> object) {
    if (!(KubeObjects.at(object, "status", "conditions") instanceof List<?> conditions)) {
      return null;
    }
    for (Object condition : conditions) {
      Map<String, Object> map = KubeObjects.asMap(condition);
      if (map != null && "Ready".equals(map.get("type"))) {
        return map;
      }
    }
    return null;
  }

  private static void appendIfPresent(StringBuilder line, @Nullable Object value) {
    if (value != null && !String.valueOf(value).isBlank()) {
      line.append(": ").append(KubeObjects.oneLine(String.valueOf(value)));
    }
  }
}

package dev.cairn.steps.common;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a step produced: its named outputs in a fixed order (strings, numbers, booleans, or null for
 * "none") and a Markdown summary of what changed.
 */
public record StepResult(Map<String, @Nullable Object> values, String summary) {
  public StepResult {
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }
}

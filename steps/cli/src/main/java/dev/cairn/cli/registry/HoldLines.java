package dev.cairn.cli.registry;

import dev.cairn.core.registry.StageHold;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Stage holds as text lines under {@code show}/{@code history} tables, and as JSON. */
final class HoldLines {
  private HoldLines() {}

  /** One {@code hold: NAME#...} line per hold of {@code name} (all when null); "" when none. */
  static String text(List<StageHold> holds, @Nullable String name) {
    StringBuilder out = new StringBuilder();
    for (StageHold h : holds) {
      if (name == null || h.artifact().equals(name)) {
        out.append("\nhold: ").append(h.artifact()).append('#').append(h.describe());
      }
    }
    return out.toString();
  }

  static Map<String, Object> toMap(StageHold hold, boolean changed) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("artifact", hold.artifact());
    m.put("stage", hold.stage());
    m.put("version", hold.version());
    m.put("reason", hold.reason());
    m.put("by", hold.by());
    m.put("since", HistoryCommand.timestamp(hold.since()));
    m.put("changed", changed);
    return m;
  }
}

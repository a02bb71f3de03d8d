package dev.cairn.core.registry;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One version in a lineage chain, with the chains of its inputs.
 *
 * @param artifact the artifact name
 * @param version the version
 * @param commit the commit the version tag points at
 * @param dvcFile the {@code .dvc} file read, or null if none was found
 * @param md5 the md5 of the version's data ({@code outs[0].md5}), if recorded
 * @param lineage the recorded lineage, or null when the {@code .dvc} file has none
 * @param inputs the same for every input dataset version that could be resolved
 * @param problems why some part of the chain could not be read (empty when complete)
 */
public record LineageNode(
    String artifact,
    String version,
    String commit,
    @Nullable String dvcFile,
    @Nullable String md5,
    @Nullable Lineage lineage,
    List<LineageNode> inputs,
    List<String> problems) {
  public LineageNode {
    inputs = List.copyOf(inputs);
    problems = List.copyOf(problems);
  }

  /** A JSON-ready tree (for {@code cairn lineage --json}). */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("artifact", artifact);
    m.put("version", version);
    m.put("commit", commit);
    m.put("dvc_file", dvcFile);
    m.put("md5", md5);
    m.put("lineage", lineage == null ? null : lineage.toMap());
    m.put("inputs", inputs.stream().map(LineageNode::toMap).toList());
    if (!problems.isEmpty()) {
      m.put("problems", problems);
    }
    return m;
  }
}

package dev.cairn.cli.registry;

import dev.cairn.core.InvalidInputException;
import dev.cairn.core.git.GitRepo;
import dev.cairn.core.registry.Lineage;
import dev.cairn.core.registry.LineageNode;
import dev.cairn.core.registry.LineageReader;
import dev.cairn.core.registry.Registry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code cairn lineage NAME@vX.Y.Z}: the chain model → datasets → raw data. */
@Command(
    name = "lineage",
    mixinStandardHelpOptions = true,
    description =
        "Print where a version came from: input datasets (recursively), code, params, metrics, run.")
public final class LineageCommand extends RegistryCommand {
  @Parameters(index = "0", description = "NAME@vX.Y.Z")
  String ref = "";

  @Override
  void run(GitRepo repo) {
    int at = ref.lastIndexOf('@');
    if (at <= 0 || at == ref.length() - 1) {
      throw new InvalidInputException(
          "Cannot read version reference: '" + ref + "' (expected NAME@vX.Y.Z)");
    }
    LineageNode node =
        new LineageReader(repo, Registry.on(repo).cachedState())
            .trace(ref.substring(0, at), ref.substring(at + 1));
    StringBuilder text = new StringBuilder();
    render(node, 0, text);
    print(text.toString().stripTrailing(), node.toMap());
  }

  private static void render(LineageNode node, int depth, StringBuilder sb) {
    String pad = "  ".repeat(depth);
    sb.append(pad)
        .append(depth == 0 ? "" : "<- ")
        .append(node.artifact())
        .append('@')
        .append(node.version())
        .append("  commit ")
        .append(node.commit(), 0, 7);
    if (node.md5() != null) {
      sb.append("  md5 ").append(node.md5());
    }
    sb.append('\n');
    Lineage l = node.lineage();
    if (l != null) {
      if (l.code() != null) {
        sb.append(pad)
            .append("   code: ")
            .append(l.code().repository())
            .append(" @ ")
            .append(l.code().commit())
            .append('\n');
      }
      if (!l.params().isEmpty()) {
        sb.append(pad).append("   params: ").append(l.params()).append('\n');
      }
      if (!l.metrics().isEmpty()) {
        sb.append(pad).append("   metrics: ").append(l.metrics()).append('\n');
      }
      if (l.run() != null) {
        sb.append(pad)
            .append("   run: ")
            .append(l.run().engine())
            .append(l.run().workflowName() == null ? "" : " " + l.run().workflowName())
            .append(l.run().workflowUid() == null ? "" : " uid=" + l.run().workflowUid())
            .append(l.run().pod() == null ? "" : " pod=" + l.run().pod())
            .append('\n');
      }
    }
    for (String p : node.problems()) {
      sb.append(pad).append("   ! ").append(p).append('\n');
    }
    for (LineageNode in : node.inputs()) {
      render(in, depth + 1, sb);
    }
  }
}

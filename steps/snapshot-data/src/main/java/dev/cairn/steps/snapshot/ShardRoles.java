package dev.cairn.steps.snapshot;

import dev.cairn.core.InvalidInputException;
import dev.cairn.core.ops.ShardedSnapshot;
import dev.cairn.steps.common.Markdown;
import dev.cairn.steps.common.ProgressReporter;
import dev.cairn.steps.common.StepResult;
import dev.cairn.steps.common.StepSession;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The {@code --role} of a sharded {@code snapshot-data} (see {@link ShardedSnapshot}): {@code plan}
 * and {@code shard} are run here; {@code merge} is the snapshot itself with the version built from
 * the shards' listings, so it has the same outputs.
 */
final class ShardRoles {
  static final String PLAN = "plan";
  static final String SHARD = "shard";
  static final String MERGE = "merge";

  private ShardRoles() {}

  /** The role given, lower case; null for the whole snapshot in one pod. */
  static @Nullable String role(@Nullable String value) {
    if (value == null || value.isBlank() || value.strip().equalsIgnoreCase("all")) {
      return null;
    }
    String role = value.strip().toLowerCase(Locale.ROOT);
    if (!List.of(PLAN, SHARD, MERGE).contains(role)) {
      throw new InvalidInputException(
          "Cannot use --role " + value + ": give plan, shard or merge (or leave it out)");
    }
    return role;
  }

  static StepResult plan(StepSession session, String data, int count, PrintWriter out) {
    List<ShardedSnapshot.Shard> plan = ShardedSnapshot.plan(session.store(), data, count);
    long files = 0;
    long bytes = 0;
    Markdown md = Markdown.titled("snapshot-data plan: " + count + " shards of " + data);
    for (ShardedSnapshot.Shard s : plan) {
      files += s.files();
      bytes += s.bytes();
      md.row(
          "shard " + s.index(),
          s.files()
              + " files, "
              + ProgressReporter.human(s.bytes())
              + ", from "
              + (s.from() == null ? "the start" : "'" + s.from() + "'"));
    }
    out.println(
        "planned "
            + count
            + " shards of "
            + data
            + " ("
            + files
            + " files, "
            + ProgressReporter.human(bytes)
            + "): plan "
            + plan.get(0).plan());
    Map<String, @Nullable Object> values = new LinkedHashMap<>();
    values.put("plan", plan.get(0).plan());
    values.put("shards", ShardedSnapshot.toJson(plan));
    values.put("count", count);
    values.put("files", files);
    values.put("bytes", bytes);
    md.row("plan", plan.get(0).plan());
    return new StepResult(values, md.render());
  }

  static StepResult shard(
      StepSession session,
      String data,
      ShardedSnapshot.Shard shard,
      boolean followExternalLinks,
      boolean trustEtags,
      PrintWriter out) {
    ShardedSnapshot.ShardResult r =
        ShardedSnapshot.shard(session.store(), data, shard, followExternalLinks, trustEtags);
    String size = r.files() + " files, " + ProgressReporter.human(r.bytes());
    out.println(
        (r.reused() ? "reused" : "hashed")
            + " shard "
            + shard.index()
            + " of "
            + shard.count()
            + " ("
            + size
            + (r.reused() ? ", all on the remote already" : "; uploaded " + r.uploaded())
            + "): "
            + r.listing());
    Map<String, @Nullable Object> values = new LinkedHashMap<>();
    values.put("plan", shard.plan());
    values.put("shard", shard.index());
    values.put("count", shard.count());
    values.put("listing", r.listing());
    values.put("files", r.files());
    values.put("bytes", r.bytes());
    values.put("reused", r.reused());
    values.put("uploaded", r.uploaded());
    Markdown md =
        Markdown.titled("snapshot-data shard " + shard.index() + " of " + shard.count())
            .row("files", size)
            .row("reused", r.reused() ? "yes (finished before, verified)" : "no")
            .row(
                "uploaded", r.uploaded() + " objects, " + ProgressReporter.human(r.uploadedBytes()))
            .row("listing", r.listing());
    return new StepResult(values, md.render());
  }

  /** The shard to run: {@code --shard} as one item, or as an index into {@code --plan}. */
  static List<ShardedSnapshot.Shard> mine(String shard, @Nullable String plan) {
    if (!shard.strip().matches("[0-9]{1,9}")) {
      return read(shard, "--shard", true);
    }
    List<ShardedSnapshot.Shard> all = read(plan == null ? "" : plan, "--plan", false);
    int index = Integer.parseInt(shard.strip());
    if (index >= all.size()) {
      throw new InvalidInputException(
          "Cannot run shard "
              + index
              + ": the --plan has "
              + all.size()
              + " shards (give an index from 0 to "
              + (all.size() - 1)
              + ")");
    }
    return List.of(all.get(index));
  }

  /**
   * A plan or shard option: the JSON itself, or the path of a file holding it.
   *
   * @param single whether exactly one shard is wanted
   */
  static List<ShardedSnapshot.Shard> read(String value, String option, boolean single) {
    String text = value.strip();
    if (text.isEmpty()) {
      throw new InvalidInputException(
          "Cannot run this role: "
              + option
              + " is empty (give the JSON the plan role wrote, or a file holding it)");
    }
    if (!text.startsWith("{") && !text.startsWith("[")) {
      try {
        text = Files.readString(Path.of(text));
      } catch (IOException | RuntimeException e) {
        throw new InvalidInputException(
            "Cannot read " + option + " " + value + ": not JSON and not a readable file");
      }
    }
    List<ShardedSnapshot.Shard> shards = ShardedSnapshot.parse(text, option);
    if (single && shards.size() != 1) {
      throw new InvalidInputException(
          "Cannot run one shard: " + option + " holds " + shards.size() + " (give one item)");
    }
    return shards;
  }
}

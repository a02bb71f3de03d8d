package dev.cairn.cli.registry;

import dev.cairn.core.git.GitRepo;
import dev.cairn.core.registry.Registry;
import dev.cairn.core.registry.RegistryEvent;
import dev.cairn.core.registry.RegistryState;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn history [NAME]}: events newest first, as {@code gto history}. */
@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    description =
        "Show registry events (registrations, assignments, ...), newest first, as gto history.")
public final class HistoryCommand extends RegistryCommand {
  private static final DateTimeFormatter ISO =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx").withZone(ZoneOffset.UTC);

  @Parameters(index = "0", arity = "0..1", description = "Artifact name (omit for all).")
  @Nullable String name;

  @Option(names = "--ascending", description = "Oldest first.")
  boolean ascending;

  @Override
  void run(GitRepo repo) {
    RegistryState state = Registry.on(repo).cachedState();
    List<RegistryEvent> events = name == null ? state.history() : state.require(name).history();
    List<RegistryEvent> ordered = new ArrayList<>(events);
    if (!ascending) {
      java.util.Collections.reverse(ordered);
    }
    List<Map<String, Object>> doc = new ArrayList<>();
    List<List<String>> rows = new ArrayList<>();
    rows.add(
        List.of(
            "timestamp",
            "artifact",
            "event",
            "version",
            "stage",
            "author",
            "reason",
            "commit",
            "ref"));
    for (RegistryEvent e : ordered) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("timestamp", timestamp(e.timestamp()));
      m.put("artifact", e.artifact());
      m.put("event", e.action().eventName());
      m.put("priority", e.action().priority());
      m.put("version", e.version());
      m.put("stage", e.stage());
      m.put("commit", e.commit());
      m.put("author", e.author());
      m.put("author_email", e.authorEmail());
      m.put("message", e.message());
      m.put("ref", e.tag());
      doc.add(m);
      rows.add(
          List.of(
              timestamp(e.timestamp()),
              e.artifact(),
              e.action().eventName(),
              e.version() == null ? "-" : e.version(),
              e.stage() == null ? "-" : e.stage(),
              e.author(),
              java.util.Objects.requireNonNullElse(e.reason(), "-"),
              e.commit().substring(0, 7),
              e.tag()));
    }
    print(Table.render(rows) + HoldLines.text(Registry.on(repo).holds().all(), name), doc);
  }

  static String timestamp(Instant time) {
    return ISO.format(time);
  }
}

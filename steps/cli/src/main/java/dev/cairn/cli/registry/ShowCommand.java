package dev.cairn.cli.registry;

import dev.cairn.core.git.GitRepo;
import dev.cairn.core.registry.ArtifactState;
import dev.cairn.core.registry.Registry;
import dev.cairn.core.registry.RegistryState;
import dev.cairn.core.registry.VersionState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn show [NAME]}: the registry as {@code gto show} computes it by default. */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description =
        "Show artifacts with their latest version and the version in each stage (as gto show), or the versions of one artifact.")
public final class ShowCommand extends RegistryCommand {
  @Parameters(index = "0", arity = "0..1", description = "Artifact name (omit for all).")
  @Nullable String name;

  @Option(
      names = {"-d", "--deprecated"},
      description = "Include deprecated artifacts.")
  boolean deprecated;

  @Override
  void run(GitRepo repo) {
    RegistryState state = Registry.on(repo).cachedState();
    String holds = HoldLines.text(Registry.on(repo).holds().all(), name);
    if (name == null) {
      Map<String, Object> doc = state.toShowJson(deprecated);
      print(table(doc, state.usedStages()) + holds, doc);
      return;
    }
    ArtifactState artifact = state.require(name);
    List<Map<String, Object>> versions = new ArrayList<>();
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("version", "stages", "commit", "created_at", "active"));
    for (VersionState v : artifact.versions()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("artifact", name);
      m.put("version", v.version());
      m.put("commit_hexsha", v.commit());
      m.put("stages", v.stages());
      m.put("registered", v.registered());
      m.put("discovered", v.discovered());
      m.put("is_active", v.active());
      m.put("created_at", HistoryCommand.timestamp(v.createdAt()));
      versions.add(m);
      if (v.active()) {
        rows.add(
            List.of(
                v.version(),
                String.join(", ", v.stages()),
                v.commit().substring(0, 7),
                HistoryCommand.timestamp(v.createdAt()),
                "yes"));
      }
    }
    print(Table.render(rows) + holds, versions);
  }

  private static String table(Map<String, Object> doc, List<String> stages) {
    List<List<String>> rows = new ArrayList<>();
    List<String> header = new ArrayList<>(List.of("name", "latest"));
    stages.forEach(s -> header.add("#" + s));
    rows.add(header);
    for (Map.Entry<String, Object> e : doc.entrySet()) {
      Map<?, ?> a = (Map<?, ?>) e.getValue();
      List<String> row =
          new ArrayList<>(
              List.of(
                  e.getKey(), String.valueOf(a.get("version") == null ? "-" : a.get("version"))));
      Map<?, ?> st = (Map<?, ?>) a.get("stage");
      for (String s : stages) {
        Object v = st == null ? null : st.get(s);
        row.add(v == null ? "-" : String.valueOf(v));
      }
      rows.add(row);
    }
    return Table.render(rows);
  }
}

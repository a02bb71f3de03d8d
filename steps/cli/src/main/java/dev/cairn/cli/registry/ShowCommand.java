package dev.cairn.cli.registry;

import dev.cairn.core.git.GitRepo;
import dev.cairn.core.registry.GtoFiles;
import dev.cairn.core.registry.GtoQuery;
import dev.cairn.core.registry.GtoVersions;
import dev.cairn.core.registry.LineageReader;
import dev.cairn.core.registry.Registry;
import dev.cairn.core.registry.RegistryState;
import java.util.ArrayList;
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
        "Show artifacts with their latest version and the version in each stage (as gto show), or the active versions of one artifact with the stages each holds (as gto show NAME).")
public final class ShowCommand extends RegistryCommand {
  @Parameters(
      index = "0",
      arity = "0..1",
      description =
          "Artifact name (omit for all), or gto's NAME#STAGE, NAME@latest, NAME@greatest,"
              + " NAME@vX.Y.Z to list only that version.")
  @Nullable String name;

  @Option(
      names = {"-d", "--deprecated"},
      description =
          "Include deprecated artifacts; with NAME also its deregistered versions (as gto show -d).")
  boolean deprecated;

  @Option(
      names = "--metrics",
      description =
          "Add a column per recorded metric (from the version's .dvc meta: cairn: block) to the"
              + " table; the latest version's for all artifacts. The default table and --json stay"
              + " as gto show prints them.")
  boolean metrics;

  @Option(
      names = "--ref",
      description =
          "Print only the ref (tag, or short commit id) of each version listed, one a line, as gto"
              + " show --ref; e.g. cairn show NAME#prod --ref.")
  boolean refOnly;

  @Override
  void run(GitRepo repo) {
    Registry registry = Registry.on(repo);
    RegistryState state = registry.cachedState();
    GtoFiles files = registry.files();
    VersionMetrics recorded = new VersionMetrics(new LineageReader(repo, state), metrics);
    if (name == null) {
      String holds = HoldLines.text(registry.holds().all(), null);
      Map<String, Object> doc = state.toShowJson(deprecated, files);
      print(table(doc, files.stageColumns(state), recorded) + holds, doc);
      return;
    }
    GtoQuery query = GtoQuery.parse(name);
    String artifact = query.name();
    String holds = HoldLines.text(registry.holds().all(), artifact);
    List<Map<String, Object>> versions =
        query.select(GtoVersions.of(artifact, state, files, deprecated));
    if (refOnly) {
      if (versions.isEmpty() && !json) {
        return; // gto prints nothing either
      }
      StringBuilder refs = new StringBuilder();
      versions.forEach(v -> refs.append(shortSha(String.valueOf(v.get("ref")))).append('\n'));
      print(refs.toString().stripTrailing(), versions);
      return;
    }
    String shown = state.artifact(artifact).isPresent() ? artifact : "*" + artifact;
    List<List<String>> rows = new ArrayList<>();
    List<String> metricNames =
        recorded.names(
            artifact, versions.stream().map(v -> String.valueOf(v.get("version"))).toList());
    List<String> header =
        new ArrayList<>(List.of("artifact", "version", "stage", "created_at", "ref"));
    header.addAll(metricNames);
    rows.add(header);
    for (Map<String, Object> v : versions) {
      List<String> stages = new ArrayList<>();
      for (Object s : (List<?>) java.util.Objects.requireNonNull(v.get("stages"))) {
        stages.add(String.valueOf(((Map<?, ?>) s).get("stage")));
      }
      List<String> row =
          new ArrayList<>(
              List.of(
                  shown,
                  shortSha(String.valueOf(v.get("version"))),
                  String.join(", ", stages),
                  String.valueOf(v.get("created_at")).replace('T', ' '),
                  shortSha(String.valueOf(v.get("ref")))));
      row.addAll(recorded.cells(artifact, String.valueOf(v.get("version")), metricNames));
      rows.add(row);
    }
    print(Table.render(rows) + holds, versions);
  }

  /** gto's truncate_hexsha: a full commit id as its first 7 characters. */
  private static String shortSha(String value) {
    return value.matches("[0-9a-fA-F]{40}") ? value.substring(0, 7) : value;
  }

  private static String table(
      Map<String, Object> doc, List<String> stages, VersionMetrics recorded) {
    List<List<String>> rows = new ArrayList<>();
    List<String> header = new ArrayList<>(List.of("name", "latest"));
    stages.forEach(s -> header.add("#" + s));
    List<String> metricNames = new ArrayList<>();
    for (Map.Entry<String, Object> e : doc.entrySet()) {
      Object latest = ((Map<?, ?>) e.getValue()).get("version");
      for (String m :
          recorded.names(
              e.getKey(), latest == null ? List.of() : List.of(String.valueOf(latest)))) {
        if (!metricNames.contains(m)) {
          metricNames.add(m);
        }
      }
    }
    java.util.Collections.sort(metricNames);
    header.addAll(metricNames);
    rows.add(header);
    for (Map.Entry<String, Object> e : doc.entrySet()) {
      Map<?, ?> a = (Map<?, ?>) e.getValue();
      String shown = Boolean.FALSE.equals(a.get("registered")) ? "*" + e.getKey() : e.getKey();
      List<String> row =
          new ArrayList<>(
              List.of(shown, String.valueOf(a.get("version") == null ? "-" : a.get("version"))));
      Map<?, ?> st = (Map<?, ?>) a.get("stage");
      for (String s : stages) {
        Object v = st == null ? null : st.get(s);
        row.add(v == null ? "-" : String.valueOf(v));
      }
      Object latest = a.get("version");
      row.addAll(
          latest == null
              ? java.util.Collections.nCopies(metricNames.size(), "-")
              : recorded.cells(e.getKey(), String.valueOf(latest), metricNames));
      rows.add(row);
    }
    return Table.render(rows);
  }
}

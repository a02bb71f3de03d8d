package dev.cairn.core.dvc;

import dev.cairn.core.InvalidInputException;
import dev.cairn.core.dvc.YamlNode.Slot;
import dev.cairn.core.dvc.YamlNode.YMap;
import dev.cairn.core.dvc.YamlNode.YScalar;
import dev.cairn.core.dvc.YamlNode.YSeq;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The outputs of a pipeline: what {@code dvc repro} recorded in the {@code dvc.lock} beside a
 * {@code dvc.yaml} (path, md5, size, nfiles of every stage's outs, metrics and plots), each with
 * the flags its stage declares in {@code dvc.yaml} ({@code cache}, {@code persist}, {@code push},
 * {@code remote}) as extra fields. Stages that never ran have no lock entry and no outputs here.
 */
public final class DvcLock {
  public static final String YAML = "dvc.yaml";
  public static final String LOCK = "dvc.lock";

  /** The dvc.yaml keys of an output entry that change what pull, push and checkout do. */
  private static final List<String> FLAGS = List.of("cache", "persist", "push", "remote");

  private static final Pattern TEMPLATE = Pattern.compile("\\$\\{[^}]*\\}");

  private DvcLock() {}

  /**
   * The locked outputs of the pipeline {@code dvcYaml}; paths are relative to its directory (the
   * stage's {@code wdir} applied). Empty when there is no {@code dvc.lock}.
   *
   * @throws InvalidInputException if either file is malformed
   */
  public static List<Output> outputs(Path dvcYaml) {
    Path lockFile = dvcYaml.resolveSibling(LOCK);
    String lockText = AtomicFiles.readIfExists(lockFile, LOCK);
    if (lockText == null) {
      return List.of();
    }
    String yamlText = AtomicFiles.readIfExists(dvcYaml, YAML);
    YMap definitions = stages(yamlText == null ? "" : yamlText, dvcYaml.toString(), YAML);
    YMap locked = lockedStages(lockText, lockFile.toString());
    List<Output> outputs = new ArrayList<>();
    locked.entries.forEach(
        (stage, slot) -> {
          if (!(slot.value instanceof YMap entry)) {
            throw invalid(lockFile.toString(), LOCK, "stage '" + stage + "' is not a mapping");
          }
          YMap definition = definition(definitions, stage);
          String wdir = wdir(definition, stage, dvcYaml.toString());
          YamlNode outs = entry.get("outs");
          if (outs == null || (outs instanceof YScalar s && s.value == null)) {
            return;
          }
          if (!(outs instanceof YSeq seq)) {
            throw invalid(lockFile.toString(), LOCK, "'" + stage + ".outs' is not a list");
          }
          for (int i = 0; i < seq.items.size(); i++) {
            String where = stage + ".outs[" + i + "]";
            if (!(seq.items.get(i).value instanceof YMap item)) {
              throw invalid(lockFile.toString(), LOCK, "'" + where + "' is not a mapping");
            }
            Output out = DvcFile.output(item, where, lockFile.toString());
            outputs.add(withFlags(out, wdir, flags(definition, out.path())));
          }
        });
    return outputs;
  }

  private static YMap lockedStages(String text, String name) {
    YMap root = parse(text, name, LOCK);
    if (root.get("schema") == null) {
      return root; // the 1.0 format: stages at the top level
    }
    return mapOrEmpty(root.get("stages"), name, LOCK, "stages");
  }

  private static YMap stages(String text, String name, String what) {
    return mapOrEmpty(parse(text, name, what).get("stages"), name, what, "stages");
  }

  private static YMap parse(String text, String name, String what) {
    try {
      return YamlDocument.parse(text, false).root;
    } catch (YamlSyntaxException e) {
      throw invalid(name, what, "malformed YAML, " + e.getMessage());
    }
  }

  private static YMap mapOrEmpty(@Nullable YamlNode node, String name, String what, String key) {
    if (node instanceof YMap map) {
      return map;
    }
    if (node == null || (node instanceof YScalar s && s.value == null)) {
      return new YMap();
    }
    throw invalid(name, what, "'" + key + "' is not a mapping");
  }

  /**
   * The dvc.yaml definition of a locked stage: {@code name}, or for {@code name@key} the generated
   * stage's template ({@code do:} of a {@code foreach}, or the {@code matrix} stage itself).
   */
  private static YMap definition(YMap definitions, String stage) {
    YamlNode node = definitions.get(stage);
    if (node == null && stage.contains("@")) {
      node = definitions.get(stage.substring(0, stage.indexOf('@')));
    }
    if (!(node instanceof YMap map)) {
      return new YMap(); // locked but no longer defined: dvc still checks its outputs out
    }
    return map.get("do") instanceof YMap template ? template : map;
  }

  private static String wdir(YMap definition, String stage, String name) {
    if (!(definition.get("wdir") instanceof YScalar s) || s.value == null) {
      return "";
    }
    String wdir = String.valueOf(s.value);
    if (TEMPLATE.matcher(wdir).find()) {
      throw invalid(
          name,
          YAML,
          "stage '"
              + stage
              + "' has a templated wdir '"
              + wdir
              + "', which Cairn does not resolve; use a literal wdir");
    }
    return wdir.equals(".") ? "" : wdir;
  }

  /** The flags dvc.yaml gives the output {@code path} in its outs, metrics or plots lists. */
  private static Map<String, @Nullable Object> flags(YMap definition, String path) {
    for (String list : List.of("outs", "metrics", "plots")) {
      if (!(definition.get(list) instanceof YSeq seq)) {
        continue;
      }
      for (Slot slot : seq.items) {
        if (slot.value instanceof YMap item && item.entries.size() == 1) {
          Map.Entry<String, Slot> only = item.entries.entrySet().iterator().next();
          if (matches(only.getKey(), path) && only.getValue().value instanceof YMap options) {
            Map<String, @Nullable Object> flags = new LinkedHashMap<>();
            for (String flag : FLAGS) {
              YamlNode value = options.get(flag);
              if (value != null) {
                flags.put(flag, YamlNode.toPlain(value));
              }
            }
            return flags;
          }
        }
      }
    }
    return Map.of();
  }

  /** Whether a dvc.yaml path, possibly with {@code ${...}} parts, names the locked path. */
  private static boolean matches(String declared, String locked) {
    String a = strip(declared);
    String b = strip(locked);
    if (!TEMPLATE.matcher(a).find()) {
      return a.equals(b);
    }
    StringBuilder regex = new StringBuilder();
    Matcher m = TEMPLATE.matcher(a);
    int last = 0;
    while (m.find()) {
      regex.append(Pattern.quote(a.substring(last, m.start()))).append(".+?");
      last = m.end();
    }
    regex.append(Pattern.quote(a.substring(last)));
    return b.matches(regex.toString());
  }

  private static String strip(String path) {
    String p = path.startsWith("./") ? path.substring(2) : path;
    return p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
  }

  private static Output withFlags(Output out, String wdir, Map<String, @Nullable Object> flags) {
    Map<String, @Nullable Object> fields = new LinkedHashMap<>(out.fields());
    fields.putAll(flags);
    String path = wdir.isEmpty() ? out.path() : wdir + "/" + out.path();
    return new Output(
        path, out.oid(), out.size(), out.nfiles(), out.isexec(), out.legacy(), fields);
  }

  private static InvalidInputException invalid(String name, String what, String problem) {
    return new InvalidInputException(
        "Cannot read "
            + what
            + ": "
            + name
            + " ("
            + problem
            + "; fix the file or run dvc repro to write it again)");
  }
}

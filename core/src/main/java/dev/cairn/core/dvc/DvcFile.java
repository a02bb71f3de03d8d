package dev.cairn.core.dvc;

import dev.cairn.core.InvalidInputException;
import dev.cairn.core.dvc.YamlNode.YMap;
import dev.cairn.core.dvc.YamlNode.YScalar;
import dev.cairn.core.dvc.YamlNode.YSeq;
import dev.cairn.core.hash.Oid;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A {@code .dvc} pointer file. Immutable; {@code with...} methods return changed copies. Writing a
 * file that was read keeps its existing keys in place (with their comments), keeps unknown fields
 * and appends new keys at the end of their mapping, as DVC does; a new file gets DVC 3's layout.
 */
public final class DvcFile {
  static final List<String> TOP_ORDER =
      List.of("desc", "md5", "cmd", "wdir", "frozen", "deps", "outs", "always_changed", "meta");
  private static final List<String> PRE_HASH = List.of("version_id", "etag", "checksum", "cloud");
  private static final List<String> POST_PATH =
      List.of(
          "fs_config",
          "desc",
          "type",
          "labels",
          "meta",
          "cache",
          "metric",
          "plot",
          "persist",
          "remote",
          "push");

  private final List<Output> outs;
  private final List<Output> deps;
  private final Map<String, @Nullable Object> meta;
  private final Map<String, @Nullable Object> fields;
  private final @Nullable YamlDocument source;

  private DvcFile(
      List<Output> outs,
      List<Output> deps,
      Map<String, ? extends @Nullable Object> meta,
      Map<String, ? extends @Nullable Object> fields,
      @Nullable YamlDocument source) {
    this.outs = List.copyOf(outs);
    this.deps = List.copyOf(deps);
    this.meta = Plain.copyMap(meta);
    for (String key : fields.keySet()) {
      if (key.equals("outs") || key.equals("deps") || key.equals("meta")) {
        throw new IllegalArgumentException("Cannot set field '" + key + "': use with" + key);
      }
    }
    this.fields = Plain.copyMap(fields);
    this.source = source;
  }

  /** A new file with these outputs and nothing else, as {@code dvc add} creates it. */
  public static DvcFile of(List<Output> outs) {
    return new DvcFile(outs, List.of(), Map.of(), Map.of(), null);
  }

  /**
   * Reads a {@code .dvc} file.
   *
   * @throws InvalidInputException if it is missing, not YAML or not a valid {@code .dvc} file
   */
  public static DvcFile read(Path file) {
    String text = AtomicFiles.readIfExists(file, ".dvc file");
    if (text == null) {
      throw new InvalidInputException(
          "Cannot read .dvc file: " + file + " (no such file; check the path or run dvc add)");
    }
    return parse(text, file.toString());
  }

  /**
   * Parses {@code .dvc} text; {@code name} is used in error messages.
   *
   * @throws InvalidInputException if the text is not YAML or not a valid {@code .dvc} file
   */
  public static DvcFile parse(String text, String name) {
    YamlDocument doc;
    try {
      doc = YamlDocument.parse(text, false);
    } catch (YamlSyntaxException e) {
      throw invalid(name, "malformed YAML, " + e.getMessage());
    }
    YMap root = doc.root;
    if (root.entries.isEmpty()) {
      throw invalid(name, "the file is empty");
    }
    List<Output> outs = outputs(root, "outs", name);
    List<Output> deps = outputs(root, "deps", name);
    Map<String, @Nullable Object> meta = Map.of();
    YamlNode metaNode = root.get("meta");
    if (metaNode instanceof YMap m) {
      meta = asMap(YamlNode.toPlain(m));
    } else if (metaNode != null && !(metaNode instanceof YScalar s && s.value == null)) {
      throw invalid(name, "'meta' is not a mapping");
    }
    Map<String, @Nullable Object> fields = new LinkedHashMap<>();
    root.entries.forEach(
        (k, slot) -> {
          if (!k.equals("outs") && !k.equals("deps") && !k.equals("meta")) {
            fields.put(k, YamlNode.toPlain(slot.value));
          }
        });
    return new DvcFile(outs, deps, meta, fields, doc);
  }

  private static List<Output> outputs(YMap root, String key, String name) {
    YamlNode node = root.get(key);
    if (node == null || (node instanceof YScalar s && s.value == null)) {
      return List.of();
    }
    if (!(node instanceof YSeq seq)) {
      throw invalid(name, "'" + key + "' is not a list");
    }
    List<Output> result = new ArrayList<>();
    for (int i = 0; i < seq.items.size(); i++) {
      YamlNode item = seq.items.get(i).value;
      String where = key + "[" + i + "]";
      if (!(item instanceof YMap entry)) {
        throw invalid(name, "'" + where + "' is not a mapping");
      }
      result.add(output(entry, where, name));
    }
    return result;
  }

  /** One {@code outs:}/{@code deps:} entry ({@code where} and {@code name} are for messages). */
  static Output output(YMap entry, String where, String name) {
    Object path = scalar(entry, "path");
    if (!(path instanceof String p) || p.isBlank()) {
      throw invalid(name, "'" + where + "' has no 'path'");
    }
    Oid oid = null;
    YamlNode md5 = entry.get("md5");
    if (md5 instanceof YScalar s && s.value != null) {
      String text = s.raw != null ? s.raw : String.valueOf(s.value);
      try {
        oid = Oid.parse(text);
      } catch (InvalidInputException e) {
        throw invalid(name, "'" + where + ".md5' is not an MD5 object id: '" + text + "'");
      }
    } else if (md5 != null && !(md5 instanceof YScalar)) {
      throw invalid(name, "'" + where + ".md5' is not an MD5 object id");
    }
    YamlNode hash = entry.get("hash");
    boolean legacy = hash == null;
    if (hash != null && !(hash instanceof YScalar h && "md5".equals(h.value))) {
      Object shown = hash instanceof YScalar h ? h.value : "a collection";
      throw invalid(
          name,
          "'" + where + "' uses hash '" + shown + "', but only md5 is supported, as in DVC 3");
    }
    Object isexec = scalar(entry, "isexec");
    if (isexec != null && !(isexec instanceof Boolean)) {
      throw invalid(name, "'" + where + ".isexec' is not true or false");
    }
    Map<String, @Nullable Object> fields = new LinkedHashMap<>();
    entry.entries.forEach(
        (k, slot) -> {
          if (!Output.MODELLED.contains(k)) {
            fields.put(k, YamlNode.toPlain(slot.value));
          }
        });
    return new Output(
        p,
        oid,
        count(entry, "size", where, name),
        count(entry, "nfiles", where, name),
        Boolean.TRUE.equals(isexec),
        legacy,
        fields);
  }

  private static @Nullable Long count(YMap entry, String key, String where, String name) {
    YamlNode node = entry.get(key);
    if (node == null || (node instanceof YScalar s && s.value == null)) {
      return null;
    }
    if (node instanceof YScalar s && s.value instanceof Long n && n >= 0) {
      return n;
    }
    throw invalid(name, "'" + where + "." + key + "' is not a non-negative integer");
  }

  private static @Nullable Object scalar(YMap map, String key) {
    YamlNode node = map.get(key);
    return node instanceof YScalar s ? s.value : null;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, @Nullable Object> asMap(@Nullable Object value) {
    return (Map<String, @Nullable Object>) java.util.Objects.requireNonNull(value);
  }

  private static InvalidInputException invalid(String name, String what) {
    return new InvalidInputException(
        "Cannot read .dvc file: "
            + name
            + " ("
            + what
            + "; fix the file or re-create it with dvc add)");
  }

  public List<Output> outs() {
    return outs;
  }

  public List<Output> deps() {
    return deps;
  }

  /** The top-level {@code meta:} block (empty when absent), e.g. Cairn's lineage record. */
  public Map<String, @Nullable Object> meta() {
    return meta;
  }

  /**
   * The other top-level keys ({@code desc}, {@code md5}, {@code frozen}, {@code wdir}, unknown
   * ones...), in file order.
   */
  public Map<String, @Nullable Object> fields() {
    return fields;
  }

  public DvcFile withOuts(List<Output> newOuts) {
    return new DvcFile(newOuts, deps, meta, fields, source);
  }

  public DvcFile withDeps(List<Output> newDeps) {
    return new DvcFile(outs, newDeps, meta, fields, source);
  }

  /** This file with its top-level {@code meta:} replaced (empty removes it). */
  public DvcFile withMeta(Map<String, ? extends @Nullable Object> newMeta) {
    return new DvcFile(outs, deps, newMeta, fields, source);
  }

  /** This file with a top-level key set (other than outs, deps, meta). */
  public DvcFile withField(String key, @Nullable Object value) {
    Map<String, @Nullable Object> copy = new LinkedHashMap<>(fields);
    copy.put(key, value);
    return new DvcFile(outs, deps, meta, copy, source);
  }

  public DvcFile withoutField(String key) {
    Map<String, @Nullable Object> copy = new LinkedHashMap<>(fields);
    copy.remove(key);
    return new DvcFile(outs, deps, meta, copy, source);
  }

  /** The file's text, as DVC 3 would write it. */
  public String toText() {
    YMap fresh = toNode();
    if (source == null) {
      return YamlEmitter.emit(fresh, "", false);
    }
    YamlDocument copy;
    try {
      copy = YamlDocument.parse(source.emit(true), true);
    } catch (YamlSyntaxException e) {
      throw new IllegalStateException("re-reading our own YAML failed: " + e.getMessage(), e);
    }
    YamlNode.applyDiff(fresh, copy.root);
    return YamlEmitter.emit(copy.root, copy.trailer, false);
  }

  /** Writes {@link #toText()} atomically (temp file in the same directory, then move). */
  public void write(Path file) {
    AtomicFiles.write(file, toText());
  }

  private YMap toNode() {
    Map<String, YamlNode> parts = new LinkedHashMap<>();
    fields.forEach((k, v) -> parts.put(k, YamlNode.fromPlain(v)));
    if (!deps.isEmpty()) {
      parts.put("deps", list(deps));
    }
    if (!outs.isEmpty()) {
      parts.put("outs", list(outs));
    }
    if (!meta.isEmpty()) {
      parts.put("meta", YamlNode.fromPlain(meta));
    }
    YMap root = new YMap();
    for (String key : TOP_ORDER) {
      YamlNode node = parts.remove(key);
      if (node != null) {
        root.put(key, node);
      }
    }
    parts.forEach(root::put);
    return root;
  }

  private static YSeq list(List<Output> outputs) {
    YSeq seq = new YSeq();
    outputs.forEach(o -> seq.add(entry(o)));
    return seq;
  }

  static YMap entry(Output o) {
    YMap m = new YMap();
    if (o.oid() != null) {
      m.put("md5", new YScalar(o.oid().value(), null));
    }
    if (o.size() != null) {
      m.put("size", new YScalar(o.size(), null));
    }
    if (o.nfiles() != null) {
      m.put("nfiles", new YScalar(o.nfiles(), null));
    }
    if (o.isexec()) {
      m.put("isexec", new YScalar(true, null));
    }
    Map<String, @Nullable Object> rest = new LinkedHashMap<>(o.fields());
    for (String key : PRE_HASH) {
      if (rest.containsKey(key)) {
        m.put(key, YamlNode.fromPlain(rest.remove(key)));
      }
    }
    if (!o.legacy()) {
      m.put("hash", new YScalar("md5", null));
    }
    m.put("path", new YScalar(o.path(), null));
    for (String key : POST_PATH) {
      if (rest.containsKey(key)) {
        m.put(key, YamlNode.fromPlain(rest.remove(key)));
      }
    }
    boolean hasFiles = rest.containsKey("files");
    Object files = rest.remove("files");
    rest.forEach((k, v) -> m.put(k, YamlNode.fromPlain(v)));
    if (hasFiles) {
      m.put("files", YamlNode.fromPlain(files));
    }
    return m;
  }
}

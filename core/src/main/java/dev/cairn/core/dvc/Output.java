package dev.cairn.core.dvc;

import dev.cairn.core.hash.Oid;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One entry of a {@code .dvc} file's {@code outs:} (or {@code deps:}) list.
 *
 * @param path the path, POSIX style, relative to the {@code .dvc} file's directory
 * @param oid the object id ({@code md5:} value), or null when the entry has none
 * @param size total bytes, or null when absent
 * @param nfiles number of files of a directory output, or null when absent
 * @param isexec whether the file is executable ({@code isexec: true})
 * @param legacy true for a DVC 2.x entry (no {@code hash:} field, hashed as md5-dos2unix)
 * @param fields every other field of the entry (desc, type, labels, meta, remote, cloud, files,
 *     unknown ones...), in file order; values are plain Java values (Map, List, String, Long,
 *     Double, Boolean, null)
 */
public record Output(
    String path,
    @Nullable Oid oid,
    @Nullable Long size,
    @Nullable Long nfiles,
    boolean isexec,
    boolean legacy,
    Map<String, @Nullable Object> fields) {

  /** Keys that are modelled by the record components and may not appear in {@code fields}. */
  static final Set<String> MODELLED = Set.of("md5", "size", "nfiles", "isexec", "hash", "path");

  public Output {
    if (path.isBlank()) {
      throw new IllegalArgumentException("Cannot create output: empty path");
    }
    if ((size != null && size < 0) || (nfiles != null && nfiles < 0)) {
      throw new IllegalArgumentException("Cannot create output: negative size or nfiles");
    }
    for (String key : fields.keySet()) {
      if (MODELLED.contains(key)) {
        throw new IllegalArgumentException(
            "Cannot create output: field '" + key + "' must be given as a record component");
      }
    }
    fields = Plain.copyMap(fields);
  }

  /** A DVC 3 file output, as {@code dvc add} writes it. */
  public static Output file(String path, Oid oid, long size) {
    return new Output(path, oid, size, null, false, false, Map.of());
  }

  /** A DVC 3 directory output ({@code <md5>.dir}, total size and file count). */
  public static Output directory(String path, Oid oid, long size, long nfiles) {
    if (!oid.isDir()) {
      throw new IllegalArgumentException("Cannot create directory output: " + oid + " has no .dir");
    }
    return new Output(path, oid, size, nfiles, false, false, Map.of());
  }

  /** The hash name DVC uses internally: {@code md5}, or {@code md5-dos2unix} for legacy. */
  public String hashName() {
    return legacy ? "md5-dos2unix" : "md5";
  }

  /**
   * This output pointing at new data. Like DVC when the data changes, the entry becomes a DVC 3
   * entry ({@code hash: md5}) even if it was legacy.
   */
  public Output withData(Oid newOid, long newSize, @Nullable Long newNfiles) {
    return new Output(path, newOid, newSize, newNfiles, isexec, false, fields);
  }

  public Output withExecutable(boolean executable) {
    return new Output(path, oid, size, nfiles, executable, legacy, fields);
  }

  /**
   * This output with one extra field set (appended when new), e.g. {@code desc} or {@code meta}.
   */
  public Output withField(String key, @Nullable Object value) {
    Map<String, @Nullable Object> copy = new LinkedHashMap<>(fields);
    copy.put(key, value);
    return new Output(path, oid, size, nfiles, isexec, legacy, copy);
  }

  public Output withoutField(String key) {
    Map<String, @Nullable Object> copy = new LinkedHashMap<>(fields);
    copy.remove(key);
    return new Output(path, oid, size, nfiles, isexec, legacy, copy);
  }
}

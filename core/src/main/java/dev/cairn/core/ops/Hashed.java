package dev.cairn.core.ops;

import dev.cairn.core.dvc.Output;
import dev.cairn.core.hash.HashResult;
import dev.cairn.core.hash.HashResult.DirHash;
import dev.cairn.core.hash.HashResult.FileHash;
import dev.cairn.core.hash.Oid;
import dev.cairn.core.hash.Tree;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.jspecify.annotations.Nullable;

/**
 * What a snapshot versions, wherever it was hashed: a local file or directory ({@link HashResult})
 * or an object-store prefix hashed in place (a {@link Tree} with the sizes from the listing).
 */
final class Hashed {
  final Oid oid;
  final long size;
  final long files;
  private final @Nullable Tree tree;
  private final boolean executable;
  private final ToLongFunction<Tree.Entry> sizes;

  private Hashed(
      Oid oid,
      long size,
      long files,
      @Nullable Tree tree,
      boolean executable,
      ToLongFunction<Tree.Entry> sizes) {
    this.oid = oid;
    this.size = size;
    this.files = files;
    this.tree = tree;
    this.executable = executable;
    this.sizes = sizes;
  }

  static Hashed of(HashResult hashed) {
    if (hashed instanceof FileHash file) {
      return new Hashed(file.oid(), file.size(), 1, null, file.executable(), e -> file.size());
    }
    DirHash dir = (DirHash) hashed;
    return new Hashed(
        dir.oid(),
        dir.size(),
        dir.nfiles(),
        dir.tree(),
        false,
        e -> {
          try {
            return Files.size(dir.pathOf(e));
          } catch (IOException ex) {
            return 0;
          }
        });
  }

  /** A tree hashed elsewhere; {@code sizes} maps each relpath to its size. */
  static Hashed ofTree(Tree tree, Map<String, Long> sizes) {
    long total = 0;
    for (long s : sizes.values()) {
      total += s;
    }
    return new Hashed(
        tree.oid(), total, tree.size(), tree, false, e -> sizes.getOrDefault(e.relpath(), 0L));
  }

  /** The pointer's output entry for the leaf name {@code leaf}. */
  Output output(String leaf) {
    if (tree == null) {
      return Output.file(leaf, oid, size).withExecutable(executable);
    }
    return Output.directory(leaf, oid, size, tree.size());
  }

  /** The files in DVC order; a single file is a listing of that one file named {@code leaf}. */
  List<Tree.Entry> entries(String leaf) {
    return tree == null ? List.of(new Tree.Entry(leaf, oid)) : tree.entries();
  }

  long sizeOf(Tree.Entry entry) {
    return sizes.applyAsLong(entry);
  }
}

package dev.cairn.core.hash;

import java.nio.file.Path;

/** What {@link Hasher#hash} found: a single file or a directory tree. */
public sealed interface HashResult permits HashResult.FileHash, HashResult.DirHash {
  /** The absolute, normalised path that was hashed. */
  Path path();

  /** The object id: the file's MD5, or the {@code <md5>.dir} id of the directory listing. */
  Oid oid();

  /** Bytes: the file's size, or the sum of the sizes of the files in the tree. */
  long size();

  /** A single file (a symlink to a file is hashed by content). */
  record FileHash(Path path, Oid oid, long size, boolean executable) implements HashResult {
    public FileHash {
      if (oid.isDir() || size < 0) {
        throw new IllegalArgumentException("Cannot describe file " + path + " as " + oid);
      }
    }
  }

  /**
   * A directory: its listing ({@link Tree}, whose bytes are the {@code .dir} object), total size
   * and number of files. {@link #pathOf} maps each entry back to the file it was hashed from.
   */
  record DirHash(Path path, Tree tree, long size) implements HashResult {
    @Override
    public Oid oid() {
      return tree.oid();
    }

    /** Number of files in the tree. */
    public int nfiles() {
      return tree.size();
    }

    /** The absolute path of an entry of {@link #tree()}. */
    public Path pathOf(Tree.Entry entry) {
      return path.resolve(entry.relpath());
    }
  }
}

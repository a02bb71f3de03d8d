package dev.cairn.core.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Writes the awkward directory trees the interop tests share: nested directories, non-ASCII and odd
 * names, empty files and directories, a few thousand small files and one multi-MiB file. Content is
 * deterministic for a seed.
 */
public final class TestTrees {
  private TestTrees() {}

  /** Names DVC must agree with us on: spaces, quotes, backslash, #, unicode, astral plane. */
  public static final String[] AWKWARD_NAMES = {
    "plain.txt",
    "with space.txt",
    "quote\"d.txt",
    "back\\slash.txt",
    "hash#tag.txt",
    "caf\u00e9.csv",
    "\u65e5\u672c\u8a9e.txt",
    "smile\uD83D\uDE00.txt",
    "tilde\uFF5E.txt",
    "a-b",
    "UPPER.txt",
    "-leading-dash",
    ".hidden",
  };

  /** Writes the full awkward tree under {@code root} and returns it. */
  public static Path awkward(Path root, int smallFiles, int bigFileBytes, long seed) {
    try {
      Random random = new Random(seed);
      Files.createDirectories(root);
      for (String name : AWKWARD_NAMES) {
        Files.writeString(root.resolve(name), "content of " + name + "\n", UTF_8);
      }
      Path nested = Files.createDirectories(root.resolve("a/b/c/d"));
      Files.writeString(nested.resolve("deep.txt"), "deep\n", UTF_8);
      Files.createDirectories(root.resolve("a/b").resolve("\u00fcber dir"));
      Files.writeString(root.resolve("a/b/\u00fcber dir/x y.txt"), "x y\n", UTF_8);
      Files.write(root.resolve("empty.bin"), new byte[0]);
      Files.write(
          Files.createDirectories(root.resolve("a/empty-file-dir")).resolve("zero"), new byte[0]);
      Files.createDirectories(root.resolve("empty-dir/also-empty"));
      Files.write(root.resolve("crlf.txt"), "line1\r\nline2\r\n".getBytes(UTF_8));
      for (int i = 0; i < smallFiles; i++) {
        Path dir = root.resolve("many").resolve("d" + (i % 17)).resolve("s" + (i % 5));
        Files.createDirectories(dir);
        byte[] bytes = new byte[random.nextInt(600)];
        random.nextBytes(bytes);
        Files.write(dir.resolve("f" + i + ".bin"), bytes);
      }
      if (bigFileBytes > 0) {
        byte[] big = new byte[bigFileBytes];
        random.nextBytes(big);
        Files.write(root.resolve("big.bin"), big);
      }
      return root;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

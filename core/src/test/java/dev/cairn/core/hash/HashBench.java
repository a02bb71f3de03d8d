package dev.cairn.core.hash;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Run by hand, never by the build (timings are not assertions): {@code java -cp
 * core/target/classes:core/target/test-classes:<deps> dev.cairn.core.hash.HashBench <workdir>
 * [bigfile [--big-only]]}. Hashes a big file (MB/s) and 100,000 4 KiB files cold (no state) and
 * warm.
 */
final class HashBench {
  private HashBench() {}

  public static void main(String[] args) throws IOException {
    Path work = Path.of(args[0]);
    if (args.length > 1) {
      Path big = Path.of(args[1]);
      long size = Files.size(big);
      for (int i = 0; i < 4; i++) {
        long start = System.nanoTime();
        Oid oid = Md5.ofFile(big);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("big file %s: %.2f s, %.0f MB/s%n", oid, seconds, size / seconds / 1e6);
      }
    }
    if (args.length > 2) {
      return; // big file only
    }
    Path tree = work.resolve("tree");
    if (!Files.isDirectory(tree)) {
      generate(tree);
    }
    Path stateDir = work.resolve("state");
    for (int run = 0; run < 2; run++) {
      long start = System.nanoTime();
      HashResult cold = Hasher.builder().build().hash(tree);
      System.out.printf(
          "cold (no state cache) %d: %s %d files in %.2f s%n",
          run, cold.oid(), ((HashResult.DirHash) cold).nfiles(), (System.nanoTime() - start) / 1e9);
    }
    long start = System.nanoTime();
    try (StateCache state = StateCache.open(stateDir)) {
      HashResult first = Hasher.builder().stateCache(state).build().hash(tree);
      System.out.printf(
          "first with state (fills it): %s in %.2f s%n",
          first.oid(), (System.nanoTime() - start) / 1e9);
    }
    for (int run = 0; run < 3; run++) {
      start = System.nanoTime();
      try (StateCache state = StateCache.open(stateDir)) {
        long opened = System.nanoTime();
        HashResult warm = Hasher.builder().stateCache(state).build().hash(tree);
        long end = System.nanoTime();
        System.out.printf(
            "warm %d: %s open state %.2f s + hash %.2f s (%d entries)%n",
            run, warm.oid(), (opened - start) / 1e9, (end - opened) / 1e9, state.size());
      }
    }
  }

  private static void generate(Path tree) throws IOException {
    Random random = new Random(1);
    byte[] block = new byte[4096];
    for (int i = 0; i < 100_000; i++) {
      Path file = tree.resolve("d" + i / 10_000).resolve("e" + i / 100 % 100).resolve("f" + i);
      if (i % 100 == 0) {
        Files.createDirectories(file.getParent());
      }
      random.nextBytes(block);
      try (OutputStream out = Files.newOutputStream(file)) {
        out.write(block);
      }
    }
  }
}

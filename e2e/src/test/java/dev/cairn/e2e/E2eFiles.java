package dev.cairn.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The e2e suites' dataset days and file-tree helpers. */
final class E2eFiles {
  private E2eFiles() {}

  /** Day 1: three CSV files (last column the label), one in a subdirectory. */
  static void writeDay1(Path dir) throws IOException {
    Files.createDirectories(dir.resolve("part"));
    Files.writeString(dir.resolve("a.csv"), "1,0.5,yes\n2,0.1,no\n3,0.7,yes\n4,0.2,no\n");
    Files.writeString(dir.resolve("b.csv"), "5,0.9,yes\n6,0.3,no\n7,0.8,yes\n");
    Files.writeString(dir.resolve("part/c.csv"), "8,0.6,yes\n9,0.4,no\n10,0.9,yes\n");
  }

  /** Day 2: one file changes and one is added; 10 of 13 rows are "yes" (a better model). */
  static void writeDay2(Path dir) throws IOException {
    Files.writeString(dir.resolve("b.csv"), "5,0.9,yes\n6,0.3,yes\n7,0.8,yes\n");
    Files.writeString(dir.resolve("part/d.csv"), "11,0.7,yes\n12,0.8,yes\n13,0.1,no\n");
  }

  /** Both trees hold the same files with the same bytes. */
  static void assertSameTree(Path expected, Path actual) throws IOException {
    assertThat(relativeFiles(actual)).isEqualTo(relativeFiles(expected));
    for (String file : relativeFiles(expected)) {
      assertThat(actual.resolve(file)).hasSameBinaryContentAs(expected.resolve(file));
    }
  }

  private static TreeSet<String> relativeFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .map(p -> dir.relativize(p).toString())
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}

package dev.cairn.core.hash;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.testing.InteropTools;
import dev.cairn.core.testing.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our hashes against the real {@code dvc add} (3.67.1) on the same files. */
class HashInteropIT {
  private static final Pattern MD5 =
      Pattern.compile("(?m)^\\s*-?\\s*md5: '?([0-9a-f]{32}(?:\\.dir)?)'?$");
  private static final Pattern SIZE = Pattern.compile("(?m)^\\s*size: (\\d+)$");
  private static final Pattern NFILES = Pattern.compile("(?m)^\\s*nfiles: (\\d+)$");

  @TempDir Path repo;
  private Path dvc;

  @BeforeEach
  void initRepo() {
    dvc = InteropTools.require("dvc");
    Path git = InteropTools.require("git");
    ProcessRunner.run(repo, List.of(git.toString(), "init", "-q")).assertOk();
    ProcessRunner.run(repo, List.of(dvc.toString(), "init", "-q")).assertOk();
  }

  private String dvcAdd(String target) throws IOException {
    ProcessRunner.run(repo, List.of(dvc.toString(), "add", "-q", target)).assertOk();
    return Files.readString(repo.resolve(target + ".dvc"), UTF_8);
  }

  private static String group(Pattern pattern, String text) {
    Matcher matcher = pattern.matcher(text);
    assertThat(matcher.find()).as("%s in %s", pattern, text).isTrue();
    return matcher.group(1);
  }

  private static void write(Path file, String content) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, content, UTF_8);
  }

  @Test
  void directory_oidAndEveryEntry_matchDvcAdd() throws IOException {
    Path data = repo.resolve("data");
    String[] awkward = {
      "sp ace.txt", "q\"uote", "apo'strophe", "back\\slash", "#hash", "caf\u00e9",
          "\u65e5\u672c\u8a9e",
      "emoji \uD83D\uDE00", "\uFF5E wave", "a-b", "Upper", "lower", "tab\there", "percent%20"
    };
    for (String name : awkward) {
      write(data.resolve(name), "content of " + name);
      write(data.resolve("nested").resolve(name).resolve("inner"), name + "\r\n");
    }
    write(data.resolve("a/b"), "a/b");
    write(data.resolve("empty"), "");
    write(data.resolve("deep/er/still/empty"), "");
    Files.createDirectories(data.resolve("empty-dir/also-empty"));
    for (int i = 0; i < 3000; i++) {
      write(data.resolve("many/d" + i % 17 + "/f" + i + ".csv"), i + "," + (i * 7) + "\n");
    }
    byte[] big = new byte[5 * Md5.CHUNK + 777];
    new Random(3).nextBytes(big);
    Files.write(data.resolve("big.bin"), big);
    write(repo.resolve("outside/target.txt"), "linked content");
    Files.createSymbolicLink(data.resolve("link-to-file"), repo.resolve("outside/target.txt"));
    Files.createSymbolicLink(data.resolve("link-to-dir"), repo.resolve("outside"));
    // the repository's .dvcignore applies to the tracked directory
    write(repo.resolve(".dvcignore"), "*.tmp\n/data/many/d3/\n");
    write(data.resolve("scratch.tmp"), "ignored");
    write(data.resolve("many/d3/extra"), "ignored too");

    HashResult.DirHash ours =
        (HashResult.DirHash) Hasher.builder().threads(4).build().hash(data, repo);
    String dotDvc = dvcAdd("data");

    Oid theirs = Oid.parse(group(MD5, dotDvc));
    assertThat(ours.oid()).isEqualTo(theirs);
    assertThat(ours.size()).isEqualTo(Long.parseLong(group(SIZE, dotDvc)));
    assertThat((long) ours.nfiles()).isEqualTo(Long.parseLong(group(NFILES, dotDvc)));
    Path object = repo.resolve(".dvc/cache/files/md5").resolve(theirs.shardedPath());
    byte[] dvcBytes = Files.readAllBytes(object);
    assertThat(Tree.parse(dvcBytes, object.toString()).entries())
        .containsExactlyElementsOf(ours.tree().entries());
    assertThat(new String(ours.tree().toBytes(), UTF_8)).isEqualTo(new String(dvcBytes, UTF_8));
    // what the agreement covered: 3000 files minus the 176 under the ignored many/d3/
    assertThat(ours.nfiles()).isGreaterThan(2800);
    assertThat(ours.tree().entries())
        .extracting(Tree.Entry::relpath)
        .contains("link-to-file", "empty", "big.bin", "emoji \uD83D\uDE00", "nested/q\"uote/inner")
        .doesNotContain("scratch.tmp", "many/d3/extra", "link-to-dir/target.txt");
  }

  @Test
  void singleFiles_matchDvcAdd() throws IOException {
    byte[] big = new byte[3 * Md5.CHUNK + 5];
    new Random(5).nextBytes(big);
    Files.write(repo.resolve("model.bin"), big);
    write(repo.resolve("r\u00e9sum\u00e9 \uD83D\uDE00.txt"), "a\r\nb\r\nc");
    write(repo.resolve("empty.txt"), "");
    Hasher hasher = Hasher.builder().build();
    for (String name : List.of("model.bin", "r\u00e9sum\u00e9 \uD83D\uDE00.txt", "empty.txt")) {
      HashResult.FileHash ours = (HashResult.FileHash) hasher.hash(repo.resolve(name), repo);
      String dotDvc = dvcAdd(name);
      assertThat(ours.oid()).as(name).isEqualTo(Oid.parse(group(MD5, dotDvc)));
      assertThat(ours.size()).as(name).isEqualTo(Long.parseLong(group(SIZE, dotDvc)));
    }
  }
}

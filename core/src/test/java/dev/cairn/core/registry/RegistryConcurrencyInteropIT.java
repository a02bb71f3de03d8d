package dev.cairn.core.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.git.GitAccess;
import dev.cairn.core.git.GitRemoteOptions;
import dev.cairn.core.git.GitRepo;
import dev.cairn.core.git.GitTag;
import dev.cairn.core.git.OpenSshGitServer;
import dev.cairn.core.testing.InteropTools;
import dev.cairn.core.testing.ProcessRunner;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writer JVMs racing on one remote served by the real OpenSSH sshd: every version distinct, no
 * duplicate or lost tag, no lost commit, and the real gto agrees with Cairn's state. In the build,
 * 6 writers x 5 versions (on two cores, already more writers than cores); the full size, 20 writers
 * x 5 versions, with {@code -Dcairn.concurrency.writers=20} (bench/registry.sh runs it).
 */
class RegistryConcurrencyInteropIT {
  private static final int WRITERS = Integer.getInteger("cairn.concurrency.writers", 6);

  private static final int EACH = Integer.getInteger("cairn.concurrency.each", 5);

  @TempDir Path tmp;

  @Test
  void writerProcesses_oneRemoteOverOpenSsh() throws Exception {
    InteropTools.require("gto");
    Path seed = tmp.resolve("seed");
    Files.createDirectories(seed);
    ProcessRunner.run(seed, List.of("git", "init", "-q", "-b", "main")).assertOk();
    Files.writeString(seed.resolve("README.md"), "x\n");
    ProcessRunner.run(seed, List.of("git", "add", ".")).assertOk();
    ProcessRunner.run(
            seed,
            List.of(
                "git", "-c", "user.name=t", "-c", "user.email=t@x", "commit", "-q", "-m", "init"))
        .assertOk();
    Path bare = tmp.resolve("reg.git");
    ProcessRunner.run(
            tmp, List.of("git", "clone", "-q", "--bare", seed.toString(), bare.toString()))
        .assertOk();

    try (OpenSshGitServer sshd = OpenSshGitServer.start(tmp.resolve("sshd"))) {
      String url = sshd.url(bare);
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      List<Process> processes = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        processes.add(
            new ProcessBuilder(
                    java,
                    "-Xmx128m",
                    "-XX:TieredStopAtLevel=1",
                    "-Dslf4j.provider=org.slf4j.simple.SimpleServiceProvider",
                    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                    "-cp",
                    System.getProperty("java.class.path"),
                    ConcurrentWriterMain.class.getName(),
                    url,
                    sshd.clientKey().toString(),
                    sshd.knownHosts().toString(),
                    tmp.resolve("work-" + w).toString(),
                    String.valueOf(w),
                    String.valueOf(EACH))
                .redirectErrorStream(true)
                .redirectOutput(tmp.resolve("writer-" + w + ".log").toFile())
                .start());
      }
      Set<String> reported = new TreeSet<>();
      int reportedCount = 0;
      int retries = 0;
      for (int w = 0; w < WRITERS; w++) {
        Process p = processes.get(w);
        assertThat(p.waitFor(20, TimeUnit.MINUTES)).as("writer %d finished", w).isTrue();
        String log = Files.readString(tmp.resolve("writer-" + w + ".log"));
        assertThat(p.exitValue())
            .as("writer %d: %s", w, log.length() > 4000 ? log.substring(log.length() - 4000) : log)
            .isZero();
        for (String line : log.split("\n")) {
          if (line.startsWith("VERSION ")) {
            String[] parts = line.split(" ");
            reported.add(parts[1]);
            reportedCount++;
            retries += Integer.parseInt(parts[3]) - 1;
          }
        }
      }
      System.out.println("concurrency: " + WRITERS + " writers, register retries: " + retries);
      assertThat(reportedCount).isEqualTo(WRITERS * EACH);
      assertThat(reported).hasSize(WRITERS * EACH);

      try (GitRepo repo =
          GitRepo.connect(
              GitRemoteOptions.builder()
                  .url(url)
                  .access(GitAccess.ssh(sshd.clientKey(), sshd.knownHosts()))
                  .workDir(tmp.resolve("check"))
                  .build())) {
        List<GitTag> tags = repo.refreshTags();
        ArtifactState m = RegistryState.compute(tags).require("m");
        assertThat(m.versions())
            .extracting(VersionState::version)
            .containsExactlyInAnyOrderElementsOf(reported);
        List<BigInteger> counters = new ArrayList<>();
        for (GitTag t : tags) {
          Optional<GtoTag> g = GtoTag.parse(t.name());
          g.map(GtoTag::counter).ifPresent(counters::add);
        }
        assertThat(counters).hasSize(WRITERS * EACH).doesNotHaveDuplicates();
        assertThat(new TreeSet<>(counters)).first().isEqualTo(BigInteger.ONE);
        assertThat(new TreeSet<>(counters)).last().isEqualTo(BigInteger.valueOf(WRITERS * EACH));
        for (int w = 0; w < WRITERS; w++) {
          for (int i = 0; i < EACH; i++) {
            assertThat(repo.readFile(repo.branch(), "data/w" + w + "-" + i + ".dvc"))
                .as("w%d-%d", w, i)
                .isPresent();
          }
        }
        for (VersionState v : m.versions()) {
          assertThat(repo.readFile(v.commit(), "README.md")).isPresent();
        }
        Path clone = tmp.resolve("gto-clone");
        ProcessRunner.run(
                tmp,
                List.of("git", "clone", "-q", url, clone.toString()),
                Map.of("GIT_SSH_COMMAND", sshd.gitSshCommand()))
            .assertOk();
        GtoAgreement.assertShowAgrees(clone, tags);
        GtoAgreement.assertHistoryAgrees(clone, tags);
      }
    }
  }
}

package dev.cairn.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.git.GitSshServer;
import dev.cairn.core.testing.InteropTools;
import dev.cairn.core.testing.ProcessRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The Git registry the pods write to: a real Git-over-SSH server on 127.0.0.1 (the pods share the
 * host network), and what the real {@code git}, {@code gto} and {@code dvc} see in it.
 */
final class Registry implements AutoCloseable {
  private final GitSshServer server;
  private final Path repo;
  private final Path work;
  final Path privateKey;
  final Path knownHosts;

  private Registry(GitSshServer server, Path repo, Path work) {
    this.server = server;
    this.repo = repo;
    this.work = work;
    this.privateKey = server.newAuthorizedKey(work.resolve("id_ecdsa"));
    this.knownHosts = server.knownHosts(work.resolve("known_hosts"));
  }

  /**
   * A registry whose {@code .dvc/config} names {@code remoteUrl} (with its endpoint) as default.
   */
  static Registry start(Path work, String remoteUrl, String endpoint) throws IOException {
    GitSshServer server = GitSshServer.start(work.resolve("srv"), work.resolve("srv-state"));
    Path repo = server.createRepository("registry.git", "main");
    Path seed = work.resolve("seed");
    git(work, "clone", "-q", repo.toString(), seed.toString());
    Files.createDirectories(seed.resolve(".dvc"));
    Files.writeString(
        seed.resolve(".dvc/config"),
        "[core]\n    remote = minio\n['remote \"minio\"']\n    url = "
            + remoteUrl
            + "\n    endpointurl = "
            + endpoint
            + "\n");
    Files.writeString(seed.resolve(".dvc/.gitignore"), "/config.local\n/tmp\n/cache\n");
    git(seed, "add", ".dvc");
    git(seed, "-c", "user.name=e2e", "-c", "user.email=e2e@localhost", "commit", "-qm", "dvc");
    git(seed, "push", "-q", "origin", "main");
    return new Registry(server, repo, work);
  }

  String url() {
    return server.url("registry.git");
  }

  /** Every tag, sorted. */
  TreeSet<String> tags() {
    String out = git(work, "--git-dir=" + repo, "tag", "-l").stdout();
    return new TreeSet<>(Arrays.stream(out.split("\n")).filter(s -> !s.isBlank()).toList());
  }

  /** A fresh clone of the registry (as a data scientist's laptop would have). */
  Path freshClone(String name) {
    Path clone = work.resolve(name);
    git(work, "clone", "-q", repo.toString(), clone.toString());
    return clone;
  }

  /**
   * {@code gto show NAME#STAGE --version} in a fresh clone: the version the real GTO sees there.
   */
  String gtoWhich(String artifact, String stage) {
    Path clone = freshClone("gto-" + System.nanoTime());
    return run(
            clone,
            List.of(
                InteropTools.require("gto").toString(),
                "show",
                artifact + "#" + stage,
                "--version"))
        .stdout()
        .strip();
  }

  /** {@code gto show} works on the registry (exit 0) and lists the artifact; returns its output. */
  String gtoShow() {
    Path clone = freshClone("gto-show-" + System.nanoTime());
    return run(clone, List.of(InteropTools.require("gto").toString(), "show")).stdout();
  }

  /** {@code dvc pull TARGET} in a fresh clone at the version's tag; returns the clone. */
  Path dvcPull(String tag, String target, Minio minio) {
    Path clone = freshClone("dvc-" + System.nanoTime());
    git(clone, "checkout", "-q", tag);
    run(
        clone,
        List.of(InteropTools.require("dvc").toString(), "pull", "-q", target),
        Map.of("AWS_ACCESS_KEY_ID", minio.accessKey, "AWS_SECRET_ACCESS_KEY", minio.secretKey));
    assertThat(clone.resolve(target.replaceAll("\\.dvc$", ""))).exists();
    return clone;
  }

  private static ProcessRunner.Result git(Path dir, String... args) {
    String[] command = new String[args.length + 1];
    command[0] = "git";
    System.arraycopy(args, 0, command, 1, args.length);
    return run(dir, List.of(command));
  }

  private static ProcessRunner.Result run(Path dir, List<String> command) {
    return run(dir, command, Map.of());
  }

  private static ProcessRunner.Result run(Path dir, List<String> command, Map<String, String> env) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return ProcessRunner.run(dir, command, env).assertOk();
  }

  @Override
  public void close() {
    server.close();
  }
}

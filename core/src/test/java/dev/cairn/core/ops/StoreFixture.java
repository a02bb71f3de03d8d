package dev.cairn.core.ops;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.cairn.core.Progress;
import dev.cairn.core.git.GitIdentity;
import dev.cairn.core.git.GitRemoteOptions;
import dev.cairn.core.git.GitRepo;
import dev.cairn.core.git.GitTag;
import dev.cairn.core.hash.StateCache;
import dev.cairn.core.odb.Cache;
import dev.cairn.core.odb.LinkType;
import dev.cairn.core.remote.Remote;
import dev.cairn.core.remote.Remotes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;

/**
 * A registry Git repository (a local bare repository reached through {@code file://}), a data
 * remote and a local cache, as a step pod has them; plus read access to the bare repository for
 * assertions.
 */
final class StoreFixture implements AutoCloseable {
  final Path root;
  final Path bare;
  final String remoteUrl;
  private final List<AutoCloseable> open = new ArrayList<>();
  private int stores;

  private StoreFixture(Path root, Path bare, String remoteUrl) {
    this.root = root;
    this.bare = bare;
    this.remoteUrl = remoteUrl;
  }

  /** A new empty bare repository and a local-directory remote ({@code file://} URL) under root. */
  static StoreFixture create(Path root) {
    return create(root, false);
  }

  /**
   * A new empty bare repository and a local-directory remote under {@code root}, named by an
   * absolute path (what the real dvc reads) or by a {@code file://} URL.
   */
  static StoreFixture create(Path root, boolean pathUrl) {
    Path bare = root.resolve("registry.git");
    try (Git git =
        Git.init().setBare(true).setInitialBranch("main").setDirectory(bare.toFile()).call()) {
      // initialised
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
    Path remote = root.resolve("remote").toAbsolutePath();
    return new StoreFixture(root, bare, pathUrl ? remote.toString() : remote.toUri().toString());
  }

  /** A fresh pod: its own mirror, cache and state; the local-directory remote. */
  Store store() {
    return store(Remotes.open(remoteUrl, Map.of()), LinkType.DEFAULT);
  }

  /** A fresh pod with the given remote and cache link types. */
  Store store(Remote remote, List<LinkType> linkTypes) {
    int n = ++stores;
    GitRepo repo = GitRepo.connect(gitOptions(root.resolve("mirror" + n)));
    StateCache state = StateCache.inMemory();
    open.add(repo);
    open.add(remote);
    open.add(state);
    return new Store(
        repo,
        remoteUrl,
        remote,
        Cache.at(root.resolve("cache" + n), linkTypes),
        state,
        2,
        Progress.NONE);
  }

  GitRemoteOptions gitOptions(Path workDir) {
    return GitRemoteOptions.builder().url(bare.toUri().toString()).workDir(workDir).build();
  }

  /** The bare repository as it is now, read through Cairn's facade. */
  GitRepo bareRepo() {
    GitRepo repo = GitRepo.open(bare, GitIdentity.cairn());
    open.add(repo);
    return repo;
  }

  List<String> tagNames() {
    return bareRepo().tags().stream().map(GitTag::name).sorted().toList();
  }

  Optional<String> head() {
    return bareRepo().head();
  }

  /** A file's text at a revision of the bare repository. */
  String file(String revision, String path) {
    return new String(
        bareRepo()
            .readFile(bareRepo().resolve(revision), path)
            .orElseThrow(() -> new AssertionError("no " + path + " at " + revision)),
        UTF_8);
  }

  static void write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text, UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }
}

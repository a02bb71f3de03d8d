package dev.cairn.core.ops;

import dev.cairn.core.CairnException;
import dev.cairn.core.InvalidInputException;
import dev.cairn.core.odb.Cache;
import dev.cairn.core.odb.Checkout;
import dev.cairn.core.odb.CheckoutOptions;
import dev.cairn.core.odb.LinkType;
import dev.cairn.core.registry.ArtifactState;
import dev.cairn.core.registry.Registry;
import dev.cairn.core.registry.VersionState;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * {@code cairn get NAME@vX.Y.Z DIR}, as {@code dvc get}: one registered version's files, fetched
 * from the remote (every object MD5-checked as it streams) and copied into a new directory. A
 * training container reads exactly the bytes the snapshot registered, whatever happened to the
 * source since. The directory appears whole or not at all.
 */
public final class Get {
  private Get() {}

  /**
   * What was fetched.
   *
   * @param name the artifact
   * @param version the version
   * @param commit the commit its tag points at
   * @param md5 the content's object id
   * @param files number of files written
   * @param downloaded objects fetched from the remote (the rest were in the cache)
   * @param target where the files are: the directory, or for a single-file version the file in it
   */
  public record Result(
      String name,
      String version,
      String commit,
      String md5,
      int files,
      int downloaded,
      Path target) {}

  /**
   * Fetches {@code name} at {@code version} (a version, or {@code #stage} for the version a stage
   * holds) into {@code dir}, which must not exist or be empty.
   *
   * @throws InvalidInputException for an unknown name, version or stage, or a non-empty {@code dir}
   * @throws dev.cairn.core.IntegrityException if the remote lacks objects or holds corrupt ones
   */
  public static Result run(Store store, String name, String version, Path dir) {
    Path target = dir.toAbsolutePath().normalize();
    requireEmptyOrAbsent(target);
    ArtifactState artifact = Registry.on(store.repo()).state().require(name);
    VersionState state = resolve(artifact, version);
    ServingVersion content = ServingVersion.locate(store, artifact, state);
    int downloaded = content.fetch(store);
    int files = ServingFiles.of(content.cache(), content.oid(), content.fileName()).size();
    Path parent = target.getParent();
    if (parent == null) {
      throw new InvalidInputException("Cannot get into " + target + " (give a directory below it)");
    }
    Path temp = parent.resolve(".cairn-get-" + UUID.randomUUID());
    try {
      Files.createDirectories(temp);
      // copies, never links: the training container may change its files
      Cache copying = Cache.at(content.cache().dir(), List.of(LinkType.REFLINK, LinkType.COPY));
      if (content.cache().isLegacy()) {
        copying = copying.legacy();
      }
      Path checkout = content.oid().isDir() ? temp : temp.resolve(content.fileName());
      new Checkout(copying, copying.hasher())
          .checkout(
              content.oid(), checkout, CheckoutOptions.DEFAULT.withProgress(store.progress()));
      Files.deleteIfExists(target); // an empty directory
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (DirectoryNotEmptyException e) {
      throw notEmpty(target);
    } catch (IOException e) {
      throw new CairnException(
          "Cannot write " + target + ": " + e.getMessage() + " (check the directory is writable)",
          e);
    } finally {
      deleteTree(temp);
    }
    return new Result(
        content.name(),
        content.version(),
        content.commit(),
        content.oid().value(),
        files,
        downloaded,
        content.oid().isDir() ? target : target.resolve(content.fileName()));
  }

  private static VersionState resolve(ArtifactState artifact, String version) {
    if (version.startsWith("#")) {
      String stage = version.substring(1);
      String holder =
          artifact
              .versionInStage(stage)
              .orElseThrow(
                  () ->
                      new InvalidInputException(
                          "Cannot get "
                              + artifact.name()
                              + "#"
                              + stage
                              + ": "
                              + artifact.stageHint(stage, "no version is in that stage")
                              + " (see cairn show "
                              + artifact.name()
                              + ")"));
      return artifact.version(holder).orElseThrow();
    }
    return artifact
        .version(version)
        .filter(VersionState::registered)
        .orElseThrow(
            () ->
                new InvalidInputException(
                    "Cannot get "
                        + artifact.name()
                        + "@"
                        + version
                        + ": no such version (see cairn show "
                        + artifact.name()
                        + ")"));
  }

  private static void requireEmptyOrAbsent(Path target) {
    if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
      throw notEmpty(target);
    }
    try (Stream<Path> entries = Files.list(target)) {
      if (entries.findAny().isPresent()) {
        throw notEmpty(target);
      }
    } catch (IOException e) {
      throw new CairnException("Cannot read " + target + ": " + e.getMessage(), e);
    }
  }

  private static InvalidInputException notEmpty(Path target) {
    return new InvalidInputException(
        "Cannot get into "
            + target
            + ": it exists and is not an empty directory (give a new or empty directory)");
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  // best effort: a temp directory left behind is harmless
                }
              });
    } catch (IOException e) {
      // best effort
    }
  }
}

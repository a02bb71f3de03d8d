package dev.cairn.core.ops;

import dev.cairn.core.IntegrityException;
import dev.cairn.core.InvalidInputException;
import dev.cairn.core.RemoteAccessException;
import dev.cairn.core.dvc.Artifact;
import dev.cairn.core.dvc.ArtifactLocation;
import dev.cairn.core.dvc.DvcFile;
import dev.cairn.core.dvc.DvcYaml;
import dev.cairn.core.dvc.Output;
import dev.cairn.core.hash.Oid;
import dev.cairn.core.hash.Tree;
import dev.cairn.core.odb.Cache;
import dev.cairn.core.registry.ArtifactState;
import dev.cairn.core.registry.VersionState;
import dev.cairn.core.remote.MissingObjectException;
import dev.cairn.core.transfer.RemoteStatus;
import dev.cairn.core.transfer.Transfer;
import dev.cairn.core.transfer.TransferResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One registered version's content, found from its tag's commit: {@code dvc.yaml}'s {@code
 * artifacts:} entry gives the path, the {@code .dvc} next to it the object id.
 *
 * @param name the artifact
 * @param version the version
 * @param commit the commit the version tag points at
 * @param path the artifact's path in the repository
 * @param oid the content's object id
 * @param fileName the output's file name (used for a single-file version)
 * @param cache the cache store matching the output (the legacy view for a DVC 2 output)
 */
record ServingVersion(
    String name,
    String version,
    String commit,
    String path,
    Oid oid,
    String fileName,
    Cache cache) {

  /**
   * Reads the version's pointer at its commit.
   *
   * @throws InvalidInputException if the commit has no usable {@code dvc.yaml} entry or {@code
   *     .dvc}
   */
  static ServingVersion locate(Store store, ArtifactState artifact, VersionState version) {
    String name = artifact.name();
    String commit = version.commit();
    String what = name + "@" + version.version();
    ArtifactLocation location = ArtifactLocation.of(name);
    String id = location.id();
    String prefix = location.prefix();
    String yamlPath = location.dvcYaml();
    String yamlText = read(store, commit, yamlPath);
    if (yamlText == null) {
      throw new InvalidInputException(
          "Cannot find " + yamlPath + " for " + what + " at commit " + commit + missingHint());
    }
    Artifact entry =
        DvcYaml.parse(yamlText, yamlPath)
            .artifact(id)
            .orElseThrow(
                () ->
                    new InvalidInputException(
                        "Cannot find artifact "
                            + id
                            + " in "
                            + yamlPath
                            + " for "
                            + what
                            + " at commit "
                            + commit
                            + missingHint()));
    String path = normalize(prefix + trimSlashes(entry.path()), what);
    String dvcPath = path + ".dvc";
    String dvcText = read(store, commit, dvcPath);
    if (dvcText == null) {
      throw new InvalidInputException(
          "Cannot find " + dvcPath + " for " + what + " at commit " + commit + missingHint());
    }
    Output out = output(DvcFile.parse(dvcText, dvcPath).outs(), path, dvcPath, what);
    Oid oid = out.oid();
    if (oid == null) {
      throw new InvalidInputException(
          "Cannot serve " + what + ": " + dvcPath + " has no md5 (register a complete .dvc file)");
    }
    Cache cache = out.legacy() ? store.cache().legacy() : store.cache().dvc3();
    return new ServingVersion(
        name, version.version(), commit, path, oid, lastSegment(out.path()), cache);
  }

  /**
   * Checks every object of the version is on the data remote (the {@code .dir} listing and each of
   * its files, not just the listing); fetches the {@code .dir} listing into the cache when needed.
   *
   * @return the number of objects checked
   * @throws IntegrityException naming how many objects are missing
   */
  int verifyOnRemote(Store store) {
    Transfer transfer = transfer(store);
    Set<Oid> missing = new LinkedHashSet<>();
    int total = 1;
    RemoteStatus rootStatus = transfer.status(List.of(oid));
    boolean rootMissing = !rootStatus.isUpToDate();
    if (rootMissing) {
      missing.add(oid);
    }
    if (oid.isDir()) {
      if (!cache.contains(oid) && !rootMissing) {
        fetchListing(store, transfer);
      }
      if (cache.contains(oid)) {
        List<Oid> members = new ArrayList<>();
        for (Tree.Entry entry : cache.loadTree(oid).entries()) {
          members.add(entry.oid());
        }
        Set<Oid> distinct = new LinkedHashSet<>(members);
        total += distinct.size();
        RemoteStatus status = transfer.status(distinct);
        missing.addAll(status.missingOnRemote());
        missing.addAll(status.missingEverywhere());
      } else {
        throw new IntegrityException(
            "Cannot verify "
                + name
                + "@"
                + version
                + ": its listing "
                + transfer.key(oid)
                + " is missing on "
                + store.remote().describe()
                + ", so its files are unknown (push the version from a cache that has it)");
      }
    }
    if (!missing.isEmpty()) {
      throw new IntegrityException(
          "Cannot use "
              + name
              + "@"
              + version
              + ": "
              + missing.size()
              + " of its "
              + total
              + " objects are missing on "
              + store.remote().describe()
              + ", first "
              + transfer.key(missing.iterator().next())
              + " (push them from a cache that has them; nothing was changed)");
    }
    return total;
  }

  /**
   * Downloads what the cache lacks, each object MD5-checked while it streams, then checks every
   * object in the cache.
   *
   * @return the number of objects downloaded
   * @throws IntegrityException if an object on the remote is corrupt (nothing reaches the cache)
   */
  int fetch(Store store) {
    TransferResult result = transfer(store).fetch(List.of(oid)).requireSuccess();
    for (Oid object : ServingFiles.of(cache, oid, fileName).values()) {
      cache.check(object);
    }
    return result.transferred();
  }

  private void fetchListing(Store store, Transfer transfer) {
    String key = transfer.key(oid);
    try (InputStream in = store.remote().open(key)) {
      cache.install(oid, in, key + " on " + store.remote().describe());
    } catch (MissingObjectException e) {
      // vanished since the existence check; the caller reports the listing as missing
    } catch (IOException e) {
      throw new RemoteAccessException(
          "Cannot fetch " + key + " from " + store.remote().describe() + " (retry)", e);
    }
  }

  private Transfer transfer(Store store) {
    return Transfer.builder(cache, store.remote())
        .jobs(store.jobs())
        .progress(store.progress())
        .build();
  }

  private static Output output(List<Output> outs, String path, String dvcPath, String what) {
    String file = lastSegment(path);
    Optional<Output> named =
        outs.stream().filter(o -> trimSlashes(o.path()).equals(file)).findFirst();
    if (named.isPresent()) {
      return named.get();
    }
    if (outs.size() == 1) {
      return outs.get(0);
    }
    throw new InvalidInputException(
        "Cannot serve "
            + what
            + ": "
            + dvcPath
            + " has "
            + outs.size()
            + " outputs and none is "
            + file
            + " (track the artifact with its own .dvc file)");
  }

  private static @Nullable String read(Store store, String commit, String path) {
    Optional<byte[]> bytes = store.repo().readFile(commit, path);
    return bytes.map(b -> new String(b, StandardCharsets.UTF_8)).orElse(null);
  }

  private static String normalize(String path, String what) {
    List<String> parts = new ArrayList<>();
    for (String part : path.split("/", -1)) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (parts.isEmpty()) {
          throw new InvalidInputException(
              "Cannot serve " + what + ": its path " + path + " leaves the repository");
        }
        parts.remove(parts.size() - 1);
        continue;
      }
      parts.add(part);
    }
    if (parts.isEmpty()) {
      throw new InvalidInputException("Cannot serve " + what + ": its path is empty");
    }
    return String.join("/", parts);
  }

  private static String trimSlashes(String path) {
    String p = path.strip();
    while (p.startsWith("./")) {
      p = p.substring(2);
    }
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }

  private static String lastSegment(String path) {
    String p = trimSlashes(path);
    int slash = p.lastIndexOf('/');
    return slash < 0 ? p : p.substring(slash + 1);
  }

  private static String missingHint() {
    return " (register versions with a dvc.yaml artifacts entry and the .dvc file in the commit)";
  }
}

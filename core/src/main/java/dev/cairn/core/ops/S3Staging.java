package dev.cairn.core.ops;

import dev.cairn.core.InvalidInputException;
import dev.cairn.core.Progress;
import dev.cairn.core.internal.Parallel;
import dev.cairn.core.remote.Remote;
import dev.cairn.core.remote.RemoteSpec;
import dev.cairn.core.remote.Remotes;
import dev.cairn.core.remote.SupportsDownload;
import dev.cairn.core.remote.SupportsSizedListing;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * An {@code s3://bucket/prefix} dataset, staged into the work directory so it can be hashed and
 * versioned like a mounted one. Every object under the prefix becomes a file at its relative key;
 * directory markers are skipped. The staging copy is replaced on each run.
 */
final class S3Staging {
  /** At most this many objects are downloaded at once, whatever the jobs. */
  private static final int MAX_THREADS = 32;

  private S3Staging() {}

  static Path stage(
      String url, @Nullable String endpointUrl, Path workDir, int jobs, Progress progress) {
    Map<String, String> options = new LinkedHashMap<>();
    if (endpointUrl != null) {
      options.put("endpointurl", endpointUrl);
    }
    Path target = workDir.resolve("s3-source");
    try (Remote remote = Remotes.open(RemoteSpec.of(url, options))) {
      if (!(remote instanceof SupportsSizedListing listing)) {
        throw new InvalidInputException(
            "Cannot snapshot " + url + ": only s3:// prefixes can be staged (mount other sources)");
      }
      Map<String, Long> objects = new LinkedHashMap<>();
      listing.listWithSizes("", objects::put);
      if (objects.isEmpty()) {
        throw new InvalidInputException(
            "Cannot snapshot "
                + url
                + ": no objects under the prefix (check the bucket and prefix)");
      }
      deleteTree(target);
      Files.createDirectories(target);
      long total = objects.values().stream().mapToLong(Long::longValue).sum();
      progress.start("staging " + url, objects.size(), total);
      try {
        download(remote, objects, target, jobs, progress);
      } finally {
        progress.finish();
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot stage " + url + " in " + target, e);
    } catch (UncheckedIOException e) {
      throw new UncheckedIOException("Cannot stage " + url + " in " + target, e.getCause());
    }
  }

  private static void download(
      Remote remote, Map<String, Long> objects, Path target, int jobs, Progress progress) {
    List<Staged> files = new ArrayList<>();
    for (Map.Entry<String, Long> object : objects.entrySet()) {
      Path file = target.resolve(object.getKey()).normalize();
      if (!file.startsWith(target)) {
        throw new InvalidInputException(
            "Cannot stage object '" + object.getKey() + "': its key leaves the prefix");
      }
      files.add(new Staged(object.getKey(), file, object.getValue()));
    }
    Parallel.forEach(
        files,
        Math.max(1, Math.min(jobs, MAX_THREADS)),
        1,
        object -> {
          try {
            fetch(remote, object.key(), object.file());
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          progress.advance(1, object.size());
        },
        "Cannot stage " + target);
  }

  private record Staged(String key, Path file, long size) {}

  private static void fetch(Remote remote, String key, Path file) throws IOException {
    Files.createDirectories(file.getParent());
    if (remote instanceof SupportsDownload download) {
      download.download(key, file);
      return;
    }
    try (InputStream in = remote.open(key)) {
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}

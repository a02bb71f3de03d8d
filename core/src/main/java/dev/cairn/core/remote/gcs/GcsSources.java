package dev.cairn.core.remote.gcs;

import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import dev.cairn.core.InvalidInputException;
import dev.cairn.core.remote.MissingObjectException;
import dev.cairn.core.remote.SourceObject;
import dev.cairn.core.remote.cloud.CloudLocation;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Another {@code gs://} prefix read through the remote's own client, for snapshots in place:
 * listing with sizes, generations and MD5s (GCS keeps an MD5 for every object except composite
 * ones), reads and server-side copies pinned to the listed generation.
 */
final class GcsSources {
  private final GcsRemote remote;

  GcsSources(GcsRemote remote) {
    this.remote = remote;
  }

  void list(String prefixUrl, Consumer<SourceObject> sink) {
    CloudLocation source = GcsLocation.parse(prefixUrl);
    String prefix = source.prefix().isEmpty() ? "" : source.prefix() + "/";
    try {
      for (Blob blob :
          remote
              .storage
              .list(
                  source.root(),
                  Storage.BlobListOption.prefix(prefix),
                  Storage.BlobListOption.fields(
                      Storage.BlobField.NAME,
                      Storage.BlobField.SIZE,
                      Storage.BlobField.GENERATION,
                      Storage.BlobField.MD5HASH))
              .iterateAll()) {
        if (blob.getName().endsWith("/")) {
          continue;
        }
        String md5 = blob.getMd5() == null ? "" : ":" + blob.getMd5ToHexString();
        sink.accept(
            new SourceObject(
                source.objectUrl(blob.getName()),
                blob.getName().substring(prefix.length()),
                blob.getSize() == null ? 0 : blob.getSize(),
                blob.getGeneration() + md5));
      }
    } catch (StorageException e) {
      throw remote.errors.map(e, "list", prefixUrl, GcsErrors.LIST);
    }
  }

  InputStream open(SourceObject object) {
    BlobId id = pinned(object);
    try {
      if (remote.storage.get(id) == null) {
        throw changed(object);
      }
      return Channels.newInputStream(
          remote.storage.reader(id, Storage.BlobSourceOption.generationMatch(id.getGeneration())));
    } catch (StorageException e) {
      throw remote.errors.map(e, "read", object.url(), GcsErrors.GET);
    }
  }

  /** The listed MD5, when GCS reported one (not for composite objects). */
  static Optional<String> knownMd5(SourceObject object) {
    int colon = object.version().indexOf(':');
    String md5 = colon < 0 ? "" : object.version().substring(colon + 1);
    return md5.length() == 32 && md5.chars().allMatch(c -> HexFormat.isHexDigit(c))
        ? Optional.of(md5)
        : Optional.empty();
  }

  /**
   * Copies a listed object to {@code name} on the remote, if it still has the listed generation.
   */
  void copy(SourceObject object, String name) {
    copy(pinned(object), name, object);
  }

  void copy(String sourceUrl, String name) {
    CloudLocation source = GcsLocation.parse(sourceUrl);
    Blob blob;
    try {
      blob = remote.storage.get(BlobId.of(source.root(), source.prefix()));
    } catch (StorageException e) {
      throw remote.errors.map(e, "read", sourceUrl, GcsErrors.GET);
    }
    if (blob == null) {
      throw new MissingObjectException(
          "Cannot find " + sourceUrl + " (check the source prefix, or push it first)");
    }
    copy(BlobId.of(source.root(), source.prefix(), blob.getGeneration()), name, null);
  }

  private void copy(BlobId from, String name, @Nullable SourceObject listed) {
    BlobId to = BlobId.of(remote.location.root(), name);
    try {
      remote
          .storage
          .copy(
              Storage.CopyRequest.newBuilder()
                  .setSource(from)
                  .setSourceOptions(Storage.BlobSourceOption.generationMatch(from.getGeneration()))
                  .setTarget(to, Storage.BlobTargetOption.doesNotExist())
                  .build())
          .getResult();
    } catch (StorageException e) {
      if (e.getCode() == 412 || e.getCode() == 404) {
        if (remote.storage.get(to) != null) {
          return; // already there: objects are immutable, the first writer won
        }
        if (listed != null) {
          throw changed(listed);
        }
      }
      throw remote.errors.map(
          e,
          "copy into",
          remote.location.objectUrl(name),
          GcsErrors.CREATE + " (and get on the source)");
    }
  }

  private static BlobId pinned(SourceObject object) {
    CloudLocation location = GcsLocation.parse(object.url());
    String version = object.version();
    int colon = version.indexOf(':');
    long generation = Long.parseLong(colon < 0 ? version : version.substring(0, colon));
    return BlobId.of(location.root(), location.prefix(), generation);
  }

  private static InvalidInputException changed(SourceObject object) {
    return new InvalidInputException(
        "Cannot snapshot "
            + object.url()
            + ": it changed while the snapshot ran (run again once the data is stable)");
  }
}

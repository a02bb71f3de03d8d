package dev.cairn.core.remote.gcs;

import com.google.cloud.ReadChannel;
import com.google.cloud.WriteChannel;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import dev.cairn.core.RemoteAccessException;
import dev.cairn.core.remote.MissingObjectException;
import dev.cairn.core.remote.Remote;
import dev.cairn.core.remote.RemoteKeys;
import dev.cairn.core.remote.RemoteTuning;
import dev.cairn.core.remote.SourceObject;
import dev.cairn.core.remote.SupportsCheckedPut;
import dev.cairn.core.remote.SupportsDownload;
import dev.cairn.core.remote.SupportsListing;
import dev.cairn.core.remote.SupportsServerSideCopy;
import dev.cairn.core.remote.SupportsSizedListing;
import dev.cairn.core.remote.SupportsStreamingPut;
import dev.cairn.core.remote.cloud.CloudLocation;
import dev.cairn.core.remote.cloud.Existence;
import dev.cairn.core.remote.cloud.ParallelTasks;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.ObjLongConsumer;
import java.util.function.Supplier;

/**
 * A GCS prefix as a remote. Objects below {@link #SIMPLE_UPLOAD_MAX} go up in one request. Larger
 * files go up as a resumable upload sent in one request (a snapshot's source file declaring its
 * MD5, see {@link #putChecked}); larger streams (an object read from another remote) as a resumable
 * upload in {@code partSize} chunks. Either is finalized only after the last byte (a failed upload
 * leaves nothing visible). Writes carry {@code ifGenerationMatch=0}, so an existing object is never
 * replaced. Needs only storage.objects.list, .get and .create (.delete for {@link #delete}); never
 * calls bucket-level APIs.
 */
final class GcsRemote
    implements Remote,
        SupportsListing,
        SupportsSizedListing,
        SupportsDownload,
        SupportsStreamingPut,
        SupportsCheckedPut,
        SupportsServerSideCopy {
  /** Largest object sent as a single-request upload (held in memory once). */
  static final int SIMPLE_UPLOAD_MAX = 8 * 1024 * 1024;

  final Storage storage;
  final CloudLocation location;
  final RemoteTuning tuning;
  final GcsErrors errors;
  final ParallelTasks tasks;
  private final String endpoint;

  GcsRemote(Storage storage, CloudLocation location, RemoteTuning tuning, String endpoint) {
    this.storage = storage;
    this.location = location;
    this.tuning = tuning;
    this.endpoint = endpoint;
    this.errors = new GcsErrors(location.url(), endpoint);
    this.tasks = new ParallelTasks("cairn-gcs", tuning.concurrency());
  }

  @Override
  public String describe() {
    return location.url() + (endpoint.contains("googleapis.com") ? "" : " at " + endpoint);
  }

  private String name(String key) {
    return location.name(RemoteKeys.check(key));
  }

  private BlobId id(String name) {
    return BlobId.of(location.root(), name);
  }

  @Override
  public Set<String> existing(Collection<String> keys) {
    for (String key : keys) {
      RemoteKeys.check(key);
    }
    return Existence.existing(
        keys,
        tasks,
        key -> {
          try {
            return storage.get(id(name(key)), Storage.BlobGetOption.fields(Storage.BlobField.SIZE))
                != null;
          } catch (StorageException e) {
            throw errors.map(e, "check", location.objectUrl(name(key)), GcsErrors.GET);
          }
        },
        (prefix, sink) -> list(prefix, sink));
  }

  @Override
  public void put(String key, Path source) {
    try {
      long size = Files.size(source);
      if (size > SIMPLE_UPLOAD_MAX) {
        whole(key, source);
        return;
      }
      try (InputStream in = Files.newInputStream(source)) {
        put(key, in, size);
      }
    } catch (java.nio.file.NoSuchFileException e) {
      throw new RemoteAccessException("Cannot read upload source: " + source + " (it vanished)", e);
    } catch (IOException e) {
      throw new RemoteAccessException("Cannot read upload source: " + source + " (" + e + ")", e);
    }
  }

  @Override
  public void put(String key, InputStream source, long size) {
    String name = name(key);
    BlobInfo info = BlobInfo.newBuilder(id(name)).build();
    creating(
        name,
        () -> {
          if (size <= SIMPLE_UPLOAD_MAX) {
            byte[] bytes = source.readNBytes((int) size);
            if (bytes.length != size) {
              throw new IOException(
                  "the source ended after " + bytes.length + " of " + size + " bytes");
            }
            storage.create(info, bytes, Storage.BlobTargetOption.doesNotExist());
          } else {
            resumable(info, source, size);
          }
        });
  }

  /** Runs one create-if-absent upload: an object already there counts as success. */
  private void creating(String name, Upload upload) {
    try {
      upload.run();
    } catch (StorageException e) {
      if (e.getCode() == 412) {
        return; // already there: objects are immutable, the first writer won
      }
      throw errors.map(e, "upload", location.objectUrl(name), GcsErrors.CREATE);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new RemoteAccessException(
          "Cannot read upload source: " + e.getFile() + " (it vanished)", e);
    } catch (IOException e) {
      throw new RemoteAccessException(
          "Cannot upload " + location.objectUrl(name) + ": " + e.getMessage(), e);
    }
  }

  /** An upload's requests. */
  private interface Upload {
    void run() throws IOException;
  }

  /**
   * A small file is read whole and its MD5 checked here; a larger one goes up as one resumable
   * request whose session declares the MD5, which GCS checks before it finalizes the object.
   */
  @Override
  // md5Match is deprecated in favour of CRC32C; it is still the option that makes createFrom
  // declare the BlobInfo's MD5, and the MD5 is what the object is named by
  @SuppressWarnings("deprecation")
  public void putChecked(String key, Path source, String md5Hex) {
    String name = name(key);
    byte[] md5 = java.util.HexFormat.of().parseHex(md5Hex);
    BlobInfo info =
        BlobInfo.newBuilder(id(name))
            .setMd5(java.util.Base64.getEncoder().encodeToString(md5))
            .build();
    creating(
        name,
        () -> {
          if (Files.size(source) > SIMPLE_UPLOAD_MAX) {
            storage.createFrom(
                info,
                source,
                Storage.BlobWriteOption.doesNotExist(),
                Storage.BlobWriteOption.md5Match());
            return;
          }
          byte[] bytes = Files.readAllBytes(source);
          if (!java.security.MessageDigest.isEqual(md5, md5Of(bytes))) {
            throw new IOException(source + " no longer hashes to " + md5Hex);
          }
          storage.create(info, bytes, Storage.BlobTargetOption.doesNotExist());
        });
  }

  private static byte[] md5Of(byte[] bytes) {
    try {
      return java.security.MessageDigest.getInstance("MD5").digest(bytes);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no MD5", e);
    }
  }

  /**
   * A file as one resumable upload sent in a single request, as Google advises when the size is
   * known: no per-chunk round trips and no chunk held in memory; the SDK rewinds the file on a
   * retry. Not finalized unless every byte arrived.
   */
  private void whole(String key, Path source) {
    String name = name(key);
    BlobInfo info = BlobInfo.newBuilder(id(name)).build();
    creating(name, () -> storage.createFrom(info, source, Storage.BlobWriteOption.doesNotExist()));
  }

  /** A resumable upload; closing the channel finalizes it, so it is closed only on success. */
  private void resumable(BlobInfo info, InputStream source, long size) throws IOException {
    WriteChannel channel = storage.writer(info, Storage.BlobWriteOption.doesNotExist());
    int chunk = (int) Math.min(Math.max(tuning.partSize(), 256 * 1024), 64L * 1024 * 1024);
    channel.setChunkSize(chunk);
    byte[] buffer = new byte[1024 * 1024];
    long written = 0;
    while (written < size) {
      int n = source.read(buffer, 0, (int) Math.min(buffer.length, size - written));
      if (n < 0) {
        throw new IOException("the source ended after " + written + " of " + size + " bytes");
      }
      ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, n);
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
      written += n;
    }
    channel.close();
  }

  @Override
  public InputStream open(String key) {
    String name = name(key);
    Blob blob = metadata(name);
    ReadChannel reader =
        storage.reader(
            BlobId.of(location.root(), name, blob.getGeneration()),
            Storage.BlobSourceOption.generationMatch(blob.getGeneration()));
    reader.setChunkSize((int) Math.min(tuning.partSize(), 16L * 1024 * 1024));
    return Channels.newInputStream(reader);
  }

  /** The object's metadata (size, generation, MD5). */
  Blob metadata(String name) {
    Blob blob;
    try {
      blob = storage.get(id(name));
    } catch (StorageException e) {
      throw errors.map(e, "read", location.objectUrl(name), GcsErrors.GET);
    }
    if (blob == null) {
      throw missing(name);
    }
    return blob;
  }

  @Override
  public Fetched fetch(String key, Supplier<Path> tempFile) {
    String name = name(key);
    Blob blob = metadata(name);
    long size = blob.getSize() == null ? 0 : blob.getSize();
    if (size <= tuning.rangedDownloadThreshold()) {
      return new Streamed(open(key));
    }
    return new GcsDownloads(this).ranged(blob, tempFile.get());
  }

  @Override
  public void download(String key, Path target) {
    String name = name(key);
    Blob blob = metadata(name);
    new GcsDownloads(this).ranged(blob, target);
  }

  @Override
  public void delete(String key) {
    String name = name(key);
    try {
      storage.delete(id(name));
    } catch (StorageException e) {
      throw errors.map(e, "delete", location.objectUrl(name), GcsErrors.DELETE);
    }
  }

  @Override
  public void list(String prefix, Consumer<String> sink) {
    listWithSizes(prefix, (key, size) -> sink.accept(key));
  }

  @Override
  public void listWithSizes(String prefix, ObjLongConsumer<String> sink) {
    RemoteKeys.checkPrefix(prefix);
    String gcsPrefix = location.prefix().isEmpty() ? prefix : location.prefix() + "/" + prefix;
    try {
      for (Blob blob :
          storage
              .list(
                  location.root(),
                  Storage.BlobListOption.prefix(gcsPrefix),
                  Storage.BlobListOption.fields(Storage.BlobField.NAME, Storage.BlobField.SIZE))
              .iterateAll()) {
        if (!blob.getName().endsWith("/")) {
          Long size = blob.getSize();
          sink.accept(location.remoteKey(blob.getName()), size == null ? 0 : size);
        }
      }
    } catch (StorageException e) {
      throw errors.map(e, "list", location.objectUrl(gcsPrefix), GcsErrors.LIST);
    }
  }

  @Override
  public boolean canCopyFrom(String sourceUrl) {
    return sourceUrl.startsWith("gs://");
  }

  @Override
  public void copyFrom(String sourceUrl, String key) {
    requireGs(sourceUrl);
    if (GcsLocation.parse(sourceUrl).prefix().isEmpty()) {
      throw new dev.cairn.core.InvalidInputException(
          "Cannot copy into "
              + location.url()
              + ": "
              + sourceUrl
              + " (names a bucket, not an object)");
    }
    new GcsSources(this).copy(sourceUrl, name(key));
  }

  @Override
  public void copyFrom(SourceObject source, String key) {
    requireGs(source.url());
    new GcsSources(this).copy(source, name(key));
  }

  @Override
  public void listSource(String prefixUrl, Consumer<SourceObject> sink) {
    requireGs(prefixUrl);
    new GcsSources(this).list(prefixUrl, sink);
  }

  @Override
  public InputStream openSource(SourceObject source) {
    return new GcsSources(this).open(source);
  }

  @Override
  public java.util.Optional<String> knownMd5(SourceObject source) {
    return GcsSources.knownMd5(source);
  }

  private void requireGs(String url) {
    if (!canCopyFrom(url)) {
      throw new dev.cairn.core.InvalidInputException(
          "Cannot copy into " + location.url() + ": " + url + " (only gs:// sources)");
    }
  }

  MissingObjectException missing(String name) {
    return new MissingObjectException(
        "Cannot find remote object: "
            + location.objectUrl(name)
            + " (push it first, or check the remote)");
  }

  @Override
  public void close() {
    tasks.close();
    try {
      storage.close();
    } catch (Exception e) {
      // nothing to release that matters at exit
    }
  }
}

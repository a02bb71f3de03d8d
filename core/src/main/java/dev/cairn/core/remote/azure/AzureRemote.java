package dev.cairn.core.remote.azure;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.models.ParallelTransferOptions;
import com.azure.storage.blob.options.BlobDownloadToFileOptions;
import com.azure.storage.blob.options.BlobInputStreamOptions;
import com.azure.storage.blob.options.BlobParallelUploadOptions;
import dev.cairn.core.InvalidInputException;
import dev.cairn.core.RemoteAccessException;
import dev.cairn.core.remote.MissingObjectException;
import dev.cairn.core.remote.Remote;
import dev.cairn.core.remote.RemoteKeys;
import dev.cairn.core.remote.RemoteTuning;
import dev.cairn.core.remote.SourceObject;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.ObjLongConsumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * An Azure Blob container prefix as a remote. Block blobs: one Put Blob up to the multipart
 * threshold (with a Content-MD5 the service checks), above it blocks staged in parallel and
 * committed by one Put Block List, so a failed upload leaves nothing visible. Writes carry {@code
 * If-None-Match: *}: an existing blob is never replaced. Downloads above the ranged threshold read
 * ranges in parallel. Needs read, list and create/write on the container's blobs (delete for {@link
 * #delete}); never calls account- or container-level APIs. Another {@code azure://} prefix of the
 * same account can be snapshotted in place ({@link AzureSources}).
 */
final class AzureRemote
    implements Remote,
        SupportsListing,
        SupportsSizedListing,
        SupportsDownload,
        SupportsStreamingPut,
        SupportsServerSideCopy {
  final BlobContainerClient container;
  final CloudLocation location;
  final RemoteTuning tuning;
  final AzureErrors errors;
  private final ParallelTasks tasks;
  private final String endpoint;
  private final @Nullable String sas;

  /**
   * @param sas the SAS token the remote authenticates with (without {@code ?}), appended to the
   *     source URL of server-side copies, which Azure authorizes separately; null for any other
   *     credential (a same-account source is then authorized by the request's own credential)
   */
  AzureRemote(
      BlobContainerClient container,
      CloudLocation location,
      RemoteTuning tuning,
      String endpoint,
      @Nullable String sas) {
    this.container = container;
    this.location = location;
    this.tuning = tuning;
    this.endpoint = endpoint;
    this.sas = sas;
    this.errors = new AzureErrors(location.url(), endpoint);
    this.tasks = new ParallelTasks("cairn-azure", tuning.concurrency());
  }

  @Override
  public String describe() {
    return location.url() + " at " + endpoint;
  }

  private String name(String key) {
    return location.name(RemoteKeys.check(key));
  }

  private BlobClient blob(String name) {
    return container.getBlobClient(name);
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
          String name = name(key);
          try {
            return blob(name).exists();
          } catch (RuntimeException e) {
            throw errors.map(e, "check", location.objectUrl(name), AzureErrors.Need.READ);
          }
        },
        this::list);
  }

  @Override
  public void put(String key, Path source) {
    try (InputStream in = Files.newInputStream(source)) {
      put(key, in, Files.size(source));
    } catch (java.nio.file.NoSuchFileException e) {
      throw new RemoteAccessException("Cannot read upload source: " + source + " (it vanished)", e);
    } catch (IOException e) {
      throw new RemoteAccessException("Cannot read upload source: " + source + " (" + e + ")", e);
    }
  }

  @Override
  public void put(String key, InputStream source, long size) {
    String name = name(key);
    BlobParallelUploadOptions options =
        new BlobParallelUploadOptions(BinaryData.fromStream(new NonClosing(source), size))
            .setParallelTransferOptions(
                new ParallelTransferOptions()
                    .setBlockSizeLong(tuning.partSize())
                    .setMaxSingleUploadSizeLong(tuning.multipartThreshold())
                    .setMaxConcurrency(tuning.concurrency()))
            .setRequestConditions(new BlobRequestConditions().setIfNoneMatch("*"))
            .setComputeMd5(true);
    try {
      blob(name).uploadWithResponse(options, null, null);
    } catch (BlobStorageException e) {
      if (e.getStatusCode() == 409 || e.getStatusCode() == 412) {
        return; // already there: blobs are immutable here, the first writer won
      }
      throw errors.map(e, "upload", location.objectUrl(name), AzureErrors.Need.WRITE);
    } catch (RuntimeException e) {
      throw errors.map(e, "upload", location.objectUrl(name), AzureErrors.Need.WRITE);
    }
  }

  @Override
  public InputStream open(String key) {
    String name = name(key);
    try {
      return blob(name)
          .openInputStream(
              new BlobInputStreamOptions()
                  .setBlockSize((int) Math.min(tuning.partSize(), 16L * 1024 * 1024)));
    } catch (BlobStorageException e) {
      throw missingOr(e, "read", name, AzureErrors.Need.READ);
    } catch (RuntimeException e) {
      throw errors.map(e, "read", location.objectUrl(name), AzureErrors.Need.READ);
    }
  }

  @Override
  public Fetched fetch(String key, Supplier<Path> tempFile) {
    String name = name(key);
    BlobProperties properties;
    try {
      properties = blob(name).getProperties();
    } catch (BlobStorageException e) {
      throw missingOr(e, "read", name, AzureErrors.Need.READ);
    }
    long size = properties.getBlobSize();
    if (size <= tuning.rangedDownloadThreshold()) {
      return new Streamed(open(key));
    }
    Path file = tempFile.get();
    toFile(name, file);
    return new Written(file, size, (int) ((size + tuning.partSize() - 1) / tuning.partSize()));
  }

  @Override
  public void download(String key, Path target) {
    toFile(name(key), target);
  }

  private void toFile(String name, Path target) {
    try {
      blob(name)
          .downloadToFileWithResponse(
              new BlobDownloadToFileOptions(target.toString())
                  .setParallelTransferOptions(
                      new com.azure.storage.common.ParallelTransferOptions()
                          .setBlockSizeLong(tuning.partSize())
                          .setMaxConcurrency(tuning.concurrency()))
                  .setOpenOptions(
                      Set.of(
                          StandardOpenOption.CREATE,
                          StandardOpenOption.TRUNCATE_EXISTING,
                          StandardOpenOption.WRITE,
                          StandardOpenOption.READ)),
              null,
              null);
    } catch (RuntimeException e) {
      try {
        Files.deleteIfExists(target);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      if (e instanceof BlobStorageException storage) {
        throw missingOr(storage, "download", name, AzureErrors.Need.READ);
      }
      throw errors.map(e, "download", location.objectUrl(name), AzureErrors.Need.READ);
    }
  }

  @Override
  public void delete(String key) {
    String name = name(key);
    try {
      blob(name).deleteIfExists();
    } catch (RuntimeException e) {
      throw errors.map(e, "delete", location.objectUrl(name), AzureErrors.Need.DELETE);
    }
  }

  @Override
  public void list(String prefix, Consumer<String> sink) {
    listWithSizes(prefix, (key, size) -> sink.accept(key));
  }

  @Override
  public void listWithSizes(String prefix, ObjLongConsumer<String> sink) {
    RemoteKeys.checkPrefix(prefix);
    String azurePrefix = location.prefix().isEmpty() ? prefix : location.prefix() + "/" + prefix;
    try {
      for (BlobItem item :
          container.listBlobs(new ListBlobsOptions().setPrefix(azurePrefix), null)) {
        if (!item.getName().endsWith("/") && !Boolean.TRUE.equals(item.isPrefix())) {
          Long size = item.getProperties() == null ? null : item.getProperties().getContentLength();
          sink.accept(location.remoteKey(item.getName()), size == null ? 0 : size);
        }
      }
    } catch (RuntimeException e) {
      throw errors.map(e, "list", location.objectUrl(azurePrefix), AzureErrors.Need.LIST);
    }
  }

  @Override
  public boolean canCopyFrom(String sourceUrl) {
    return sourceUrl.startsWith("azure://");
  }

  @Override
  public void copyFrom(String sourceUrl, String key) {
    requireAzure(sourceUrl);
    if (AzureLocation.parse(sourceUrl).prefix().isEmpty()) {
      throw new InvalidInputException(
          "Cannot copy into "
              + location.url()
              + ": "
              + sourceUrl
              + " (names a container, not a blob)");
    }
    new AzureSources(this).copy(sourceUrl, name(key));
  }

  @Override
  public void copyFrom(SourceObject source, String key) {
    requireAzure(source.url());
    new AzureSources(this).copy(source, name(key));
  }

  @Override
  public void listSource(String prefixUrl, Consumer<SourceObject> sink) {
    requireAzure(prefixUrl);
    new AzureSources(this).list(prefixUrl, sink);
  }

  @Override
  public InputStream openSource(SourceObject source) {
    requireAzure(source.url());
    return new AzureSources(this).open(source);
  }

  @Override
  public Optional<String> knownMd5(SourceObject source) {
    return AzureSources.knownMd5(source);
  }

  /** The query to append to a copy source URL: the SAS, if the remote uses one. */
  String copySourceQuery() {
    return sas == null ? "" : "?" + sas;
  }

  private void requireAzure(String url) {
    if (!canCopyFrom(url)) {
      throw new InvalidInputException(
          "Cannot copy into "
              + location.url()
              + ": "
              + url
              + " (only azure:// sources of the same storage account)");
    }
  }

  private RuntimeException missingOr(
      BlobStorageException e, String verb, String name, AzureErrors.Need need) {
    if (e.getStatusCode() == 404
        && (e.getErrorCode() == null || !"ContainerNotFound".equals(e.getErrorCode().toString()))) {
      return new MissingObjectException(
          "Cannot find remote object: "
              + location.objectUrl(name)
              + " (push it first, or check the remote)");
    }
    return errors.map(e, verb, location.objectUrl(name), need);
  }

  @Override
  public void close() {
    tasks.close();
  }

  /** The SDK closes the stream it uploads from; the streaming-put contract says it must not. */
  private static final class NonClosing extends java.io.FilterInputStream {
    NonClosing(InputStream in) {
      super(in);
    }

    @Override
    public void close() {}
  }
}

package dev.cairn.core.remote.azure;

import com.azure.core.util.polling.PollResponse;
import com.azure.core.util.polling.SyncPoller;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobBeginCopySourceRequestConditions;
import com.azure.storage.blob.models.BlobCopyInfo;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.CopyStatusType;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.options.BlobBeginCopyOptions;
import com.azure.storage.blob.options.BlobInputStreamOptions;
import dev.cairn.core.InvalidInputException;
import dev.cairn.core.RemoteAccessException;
import dev.cairn.core.remote.MissingObjectException;
import dev.cairn.core.remote.SourceObject;
import dev.cairn.core.remote.cloud.CloudLocation;
import java.io.InputStream;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Another {@code azure://container/prefix} of the remote's storage account, read through the
 * remote's own client, for snapshots in place: listing with sizes, ETags and the Content-MD5
 * property (set by the service for a blob uploaded in one Put Blob; a blob committed from blocks
 * has one only if its writer set it), reads and server-side copies (Copy Blob, which Azure
 * authorizes on a source in the same account) pinned to the listed ETag.
 */
final class AzureSources {
  private final AzureRemote remote;

  AzureSources(AzureRemote remote) {
    this.remote = remote;
  }

  private BlobContainerClient container(String name) {
    return remote.container.getBlobContainerName().equals(name)
        ? remote.container
        : remote.container.getServiceClient().getBlobContainerClient(name);
  }

  void list(String prefixUrl, Consumer<SourceObject> sink) {
    CloudLocation source = AzureLocation.parse(prefixUrl);
    String prefix = source.prefix().isEmpty() ? "" : source.prefix() + "/";
    try {
      for (BlobItem item :
          container(source.root()).listBlobs(new ListBlobsOptions().setPrefix(prefix), null)) {
        if (item.getName().endsWith("/") || Boolean.TRUE.equals(item.isPrefix())) {
          continue;
        }
        var properties = item.getProperties();
        byte[] md5 = properties.getContentMd5();
        Long size = properties.getContentLength();
        sink.accept(
            new SourceObject(
                source.objectUrl(item.getName()),
                item.getName().substring(prefix.length()),
                size == null ? 0 : size,
                properties.getETag()
                    + ":"
                    + (md5 == null || md5.length != 16 ? "" : HexFormat.of().formatHex(md5))));
      }
    } catch (RuntimeException e) {
      throw remote.errors.map(e, "list", prefixUrl, AzureErrors.Need.LIST);
    }
  }

  InputStream open(SourceObject object) {
    try {
      return blob(object.url())
          .openInputStream(
              new BlobInputStreamOptions()
                  .setRequestConditions(new BlobRequestConditions().setIfMatch(etag(object)))
                  .setBlockSize((int) Math.min(remote.tuning.partSize(), 16L * 1024 * 1024)));
    } catch (BlobStorageException e) {
      if (e.getStatusCode() == 412 || e.getStatusCode() == 404) {
        throw changed(object);
      }
      throw remote.errors.map(e, "read", object.url(), AzureErrors.Need.READ);
    } catch (RuntimeException e) {
      throw remote.errors.map(e, "read", object.url(), AzureErrors.Need.READ);
    }
  }

  /** The listed Content-MD5, when the blob had one. */
  static Optional<String> knownMd5(SourceObject object) {
    int colon = object.version().lastIndexOf(':');
    String md5 = colon < 0 ? "" : object.version().substring(colon + 1);
    return md5.length() == 32 && md5.chars().allMatch(c -> HexFormat.isHexDigit(c))
        ? Optional.of(md5)
        : Optional.empty();
  }

  /** Copies a listed blob to {@code name} on the remote, if it still has the listed ETag. */
  void copy(SourceObject object, String name) {
    copy(object.url(), etag(object), name, object);
  }

  void copy(String sourceUrl, String name) {
    BlobProperties properties;
    try {
      properties = blob(sourceUrl).getProperties();
    } catch (BlobStorageException e) {
      if (e.getStatusCode() == 404) {
        throw new MissingObjectException(
            "Cannot find " + sourceUrl + " (check the source prefix, or push it first)");
      }
      throw remote.errors.map(e, "read", sourceUrl, AzureErrors.Need.READ);
    }
    copy(sourceUrl, properties.getETag(), name, null);
  }

  private void copy(String sourceUrl, String etag, String name, @Nullable SourceObject listed) {
    BlobClient target = remote.container.getBlobClient(name);
    String from = blob(sourceUrl).getBlobUrl() + remote.copySourceQuery();
    try {
      SyncPoller<BlobCopyInfo, Void> poller =
          target.beginCopy(
              new BlobBeginCopyOptions(from)
                  .setSourceRequestConditions(
                      new BlobBeginCopySourceRequestConditions().setIfMatch(etag))
                  .setDestinationRequestConditions(new BlobRequestConditions().setIfNoneMatch("*"))
                  .setPollInterval(Duration.ofMillis(500)));
      PollResponse<BlobCopyInfo> done = poller.waitForCompletion(Duration.ofHours(1));
      CopyStatusType status = done.getValue() == null ? null : done.getValue().getCopyStatus();
      if (status != CopyStatusType.SUCCESS) {
        // a copy that did not complete must not stay at a content-addressed name
        target.deleteIfExists();
        throw new RemoteAccessException(
            "Cannot copy "
                + sourceUrl
                + " into "
                + remote.location.objectUrl(name)
                + ": the copy ended "
                + status
                + " (retry)");
      }
    } catch (BlobStorageException e) {
      int code = e.getStatusCode();
      if (code == 409 || code == 412 || code == 404) {
        if (exists(target)) {
          return; // already there: blobs are immutable here, the first writer won
        }
        if (listed != null) {
          throw changed(listed);
        }
      }
      throw remote.errors.map(
          e, "copy into", remote.location.objectUrl(name), AzureErrors.Need.WRITE_AND_READ_SOURCE);
    }
  }

  private boolean exists(BlobClient blob) {
    try {
      return blob.exists();
    } catch (RuntimeException e) {
      return false;
    }
  }

  private BlobClient blob(String url) {
    CloudLocation location = AzureLocation.parse(url);
    return container(location.root()).getBlobClient(location.prefix());
  }

  private static String etag(SourceObject object) {
    String version = object.version();
    int colon = version.lastIndexOf(':');
    return colon < 0 ? version : version.substring(0, colon);
  }

  private static InvalidInputException changed(SourceObject object) {
    return new InvalidInputException(
        "Cannot snapshot "
            + object.url()
            + ": it changed while the snapshot ran (run again once the data is stable)");
  }
}

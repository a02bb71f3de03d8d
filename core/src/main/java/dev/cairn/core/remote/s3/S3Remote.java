package dev.cairn.core.remote.s3;

import dev.cairn.core.CairnException;
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
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.ObjLongConsumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An S3 prefix as a remote. Single PUT below the multipart threshold, parallel multipart above
 * (aborted on failure); parallel ranged GETs for large downloads; existence by whichever of HEAD
 * and sorted listing costs fewer requests. Needs only s3:ListBucket, s3:GetObject and s3:PutObject
 * (s3:DeleteObject for {@link #delete}); never calls bucket-level APIs.
 */
final class S3Remote
    implements Remote,
        SupportsListing,
        SupportsSizedListing,
        SupportsDownload,
        SupportsStreamingPut,
        SupportsServerSideCopy {
  private static final Logger LOG = LoggerFactory.getLogger(S3Remote.class);
  static final String LIST = "s3:ListBucket";
  static final String GET = "s3:GetObject";
  static final String PUT = "s3:PutObject";
  static final String DELETE = "s3:DeleteObject";

  final S3Client client;
  final S3Location location;
  final S3WriteOptions writeOptions;
  final RemoteTuning tuning;
  final S3Errors errors;
  private final String endpoint;
  private final ExecutorService pool;
  private final S3Existence existence;
  private final S3Uploads uploads;
  private final S3Downloads downloads;
  private final S3Copies copies;
  private final S3Sources sources;

  S3Remote(
      S3Client client,
      S3Location location,
      S3WriteOptions writeOptions,
      RemoteTuning tuning,
      String endpoint) {
    this.client = client;
    this.location = location;
    this.writeOptions = writeOptions;
    this.tuning = tuning;
    this.endpoint = endpoint;
    this.errors = new S3Errors(location.url(), endpoint);
    AtomicInteger threads = new AtomicInteger();
    this.pool =
        Executors.newFixedThreadPool(
            tuning.concurrency(),
            r -> {
              Thread t = new Thread(r, "cairn-s3-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.existence = new S3Existence(this);
    this.uploads = new S3Uploads(this);
    this.downloads = new S3Downloads(this);
    this.copies = new S3Copies(this);
    this.sources = new S3Sources(this);
  }

  @Override
  public String describe() {
    return location.url() + (endpoint.contains("amazonaws.com") ? "" : " at " + endpoint);
  }

  String s3Key(String key) {
    return location.s3Key(RemoteKeys.check(key));
  }

  @Override
  public Set<String> existing(Collection<String> keys) {
    List<String> s3Keys = new ArrayList<>(keys.size());
    for (String key : new HashSet<>(keys)) {
      s3Keys.add(s3Key(key));
    }
    Set<String> found = existence.existing(s3Keys);
    Set<String> result = new HashSet<>();
    for (String s3Key : found) {
      result.add(location.remoteKey(s3Key));
    }
    return result;
  }

  @Override
  public void put(String key, Path source) {
    String s3Key = s3Key(key);
    try {
      uploads.putFile(s3Key, source, Files.size(source));
    } catch (NoSuchFileException e) {
      throw new RemoteAccessException("Cannot read upload source: " + source + " (it vanished)", e);
    } catch (IOException e) {
      throw new RemoteAccessException("Cannot read upload source: " + source + " (" + e + ")", e);
    }
  }

  @Override
  public void put(String key, InputStream source, long size) {
    uploads.putStream(s3Key(key), source, size);
  }

  @Override
  public InputStream open(String key) {
    String s3Key = s3Key(key);
    try {
      return client.getObject(b -> b.bucket(location.bucket()).key(s3Key));
    } catch (NoSuchKeyException e) {
      throw missing(s3Key);
    } catch (SdkException e) {
      throw notFoundOr(e, "read", s3Key, GET);
    }
  }

  @Override
  public Fetched fetch(String key, java.util.function.Supplier<Path> tempFile) {
    return downloads.fetch(s3Key(key), tempFile);
  }

  @Override
  public void download(String key, Path target) {
    downloads.download(s3Key(key), target);
  }

  @Override
  public void delete(String key) {
    String s3Key = s3Key(key);
    try {
      client.deleteObject(b -> b.bucket(location.bucket()).key(s3Key));
    } catch (NoSuchKeyException e) {
      LOG.debug("{} already gone", s3Key);
    } catch (SdkException e) {
      throw errors.map(e, "delete", objectUrl(s3Key), DELETE, location.arn(s3Key));
    }
  }

  @Override
  public void list(String prefix, Consumer<String> sink) {
    listWithSizes(prefix, (key, size) -> sink.accept(key));
  }

  @Override
  public void listWithSizes(String prefix, ObjLongConsumer<String> sink) {
    RemoteKeys.checkPrefix(prefix);
    String s3Prefix = location.prefix().isEmpty() ? prefix : location.prefix() + "/" + prefix;
    try {
      for (ListObjectsV2Response page :
          client.listObjectsV2Paginator(b -> b.bucket(location.bucket()).prefix(s3Prefix))) {
        for (S3Object object : page.contents()) {
          if (!object.key().endsWith("/")) {
            Long size = object.size();
            sink.accept(location.remoteKey(object.key()), size == null ? 0 : size);
          }
        }
      }
    } catch (SdkException e) {
      throw errors.map(
          e, "list", "s3://" + location.bucket() + "/" + s3Prefix, LIST, location.bucketArn());
    }
  }

  @Override
  public boolean canCopyFrom(String sourceUrl) {
    return sourceUrl.startsWith("s3://");
  }

  @Override
  public void copyFrom(String sourceUrl, String key) {
    if (!canCopyFrom(sourceUrl)) {
      throw new dev.cairn.core.InvalidInputException(
          "Cannot copy into " + location.url() + ": " + sourceUrl + " (only s3:// sources)");
    }
    S3Location source = S3Location.parse(sourceUrl);
    if (source.prefix().isEmpty()) {
      throw new dev.cairn.core.InvalidInputException(
          "Cannot copy into "
              + location.url()
              + ": "
              + sourceUrl
              + " (names a bucket, not an object)");
    }
    copies.copy(source, source.prefix(), s3Key(key));
  }

  @Override
  public void copyFrom(SourceObject source, String key) {
    if (!canCopyFrom(source.url())) {
      throw new dev.cairn.core.InvalidInputException(
          "Cannot copy into " + location.url() + ": " + source.url() + " (only s3:// sources)");
    }
    copies.copy(source, s3Key(key));
  }

  @Override
  public void listSource(String prefixUrl, java.util.function.Consumer<SourceObject> sink) {
    sources.list(prefixUrl, sink);
  }

  @Override
  public InputStream openSource(SourceObject source) {
    return sources.open(source);
  }

  @Override
  public java.util.Optional<String> knownMd5(SourceObject source) {
    return sources.knownMd5(source);
  }

  @Override
  public void close() {
    pool.shutdownNow();
    client.close();
  }

  String objectUrl(String s3Key) {
    return "s3://" + location.bucket() + "/" + s3Key;
  }

  MissingObjectException missing(String s3Key) {
    return new MissingObjectException(
        "Cannot find remote object: " + objectUrl(s3Key) + " (push it first, or check the remote)");
  }

  /** A 404 is a missing object; anything else is mapped with the IAM action of the call. */
  CairnException notFoundOr(SdkException e, String verb, String s3Key, String action) {
    if (e instanceof S3Exception s3 && s3.statusCode() == 404) {
      String code = s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorCode();
      if (!"NoSuchBucket".equals(code)) {
        return missing(s3Key);
      }
    }
    return errors.map(e, verb, objectUrl(s3Key), action, location.arn(s3Key));
  }

  /** Runs the tasks on the remote's pool and waits for all; the first failure is rethrown. */
  <T> List<T> runAll(List<Callable<T>> tasks) {
    if (tasks.size() == 1) {
      try {
        return List.of(tasks.get(0).call());
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new RemoteAccessException("Cannot complete S3 request: " + e, e);
      }
    }
    List<Future<T>> futures = new ArrayList<>();
    for (Callable<T> task : tasks) {
      futures.add(pool.submit(task));
    }
    List<T> results = new ArrayList<>();
    RuntimeException failure = null;
    for (Future<T> future : futures) {
      try {
        if (failure == null) {
          results.add(future.get());
        } else {
          future.cancel(true);
        }
      } catch (ExecutionException e) {
        failure = unwrap(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failure = new RemoteAccessException("Cannot complete S3 requests: interrupted", e);
      }
    }
    if (failure != null) {
      for (Future<T> future : futures) {
        future.cancel(true);
      }
      throw failure;
    }
    return results;
  }

  ExecutorService pool() {
    return pool;
  }

  static RuntimeException unwrap(@Nullable Throwable cause) {
    if (cause instanceof RuntimeException runtime) {
      return runtime;
    }
    if (cause instanceof IOException io) {
      return new UncheckedIOException(io);
    }
    return new RemoteAccessException("Cannot complete S3 request: " + cause, cause);
  }
}

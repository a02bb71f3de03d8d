package dev.cairn.core.remote.s3;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Finds which keys exist with as few requests as possible: the wanted keys are sorted in S3's order
 * and each ListObjectsV2 page starts just before the next unresolved key, so a page resolves every
 * wanted key among the next 1000 stored keys. Each request resolves at least one key, so the cost
 * never exceeds one HEAD per key, and it falls to about {@code n / 1000} where the wanted keys are
 * dense (a re-push) and to one request per chunk on an empty prefix (a first push). The keys are
 * split into contiguous chunks that are checked in parallel; a chunk of one key uses HEAD.
 */
final class S3Existence {
  /** S3 sorts keys by UTF-8 bytes, which is code point order. */
  static final Comparator<String> S3_ORDER = S3Existence::compareCodePoints;

  private static final int MIN_KEYS_PER_CHUNK = 64;

  private final S3Remote remote;

  S3Existence(S3Remote remote) {
    this.remote = remote;
  }

  Set<String> existing(List<String> s3Keys) {
    List<String> sorted = new ArrayList<>(s3Keys);
    sorted.sort(S3_ORDER);
    int n = sorted.size();
    if (n == 0) {
      return Set.of();
    }
    int chunks = Math.max(1, Math.min(remote.tuning.concurrency(), n / MIN_KEYS_PER_CHUNK));
    List<Callable<Set<String>>> tasks = new ArrayList<>();
    for (int c = 0; c < chunks; c++) {
      List<String> chunk = sorted.subList(c * n / chunks, (c + 1) * n / chunks);
      tasks.add(() -> existingSorted(chunk));
    }
    Set<String> found = new HashSet<>();
    for (Set<String> part : remote.runAll(tasks)) {
      found.addAll(part);
    }
    return found;
  }

  /** Resolves a sorted run of keys by jumping listings (or one HEAD for a single key). */
  Set<String> existingSorted(List<String> keys) {
    Set<String> found = new HashSet<>();
    int i = 0;
    while (i < keys.size()) {
      if (i == keys.size() - 1) {
        if (head(keys.get(i))) {
          found.add(keys.get(i));
        }
        return found;
      }
      String first = keys.get(i);
      String prefix = commonPrefix(first, keys.get(keys.size() - 1));
      ListObjectsV2Response page = listFrom(prefix, justBefore(first));
      Set<String> listed = new HashSet<>();
      for (S3Object object : page.contents()) {
        listed.add(object.key());
      }
      boolean complete = !Boolean.TRUE.equals(page.isTruncated()) || page.contents().isEmpty();
      String last =
          page.contents().isEmpty() ? null : page.contents().get(page.contents().size() - 1).key();
      int j = i;
      while (j < keys.size()
          && (complete || (last != null && S3_ORDER.compare(keys.get(j), last) <= 0))) {
        if (listed.contains(keys.get(j))) {
          found.add(keys.get(j));
        }
        j++;
      }
      if (j == i) {
        if (head(first)) {
          found.add(first);
        }
        j = i + 1;
      }
      i = j;
    }
    return found;
  }

  private ListObjectsV2Response listFrom(String prefix, String startAfter) {
    S3Location location = remote.location;
    try {
      return remote.client.listObjectsV2(
          b -> b.bucket(location.bucket()).prefix(prefix).startAfter(startAfter).maxKeys(1000));
    } catch (SdkException e) {
      throw remote.errors.map(
          e,
          "list",
          "s3://" + location.bucket() + "/" + prefix,
          S3Remote.LIST,
          location.bucketArn());
    }
  }

  /**
   * HEAD one key. A 403 is ambiguous (no s3:GetObject, or a missing key without s3:ListBucket), so
   * it is resolved by a one-key listing that names the permission actually missing.
   */
  boolean head(String s3Key) {
    S3Location location = remote.location;
    try {
      remote.client.headObject(b -> b.bucket(location.bucket()).key(s3Key));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    } catch (S3Exception e) {
      if (e.statusCode() == 404 && !isNoSuchBucket(e)) {
        return false;
      }
      if (e.statusCode() == 403) {
        ListObjectsV2Response page = listFrom(s3Key, justBefore(s3Key));
        boolean exists = page.contents().stream().anyMatch(o -> o.key().equals(s3Key));
        if (exists) {
          throw remote.errors.denied(
              "check", remote.objectUrl(s3Key), S3Remote.GET, location.arn(s3Key), e);
        }
        return false;
      }
      throw remote.errors.map(
          e, "check", remote.objectUrl(s3Key), S3Remote.GET, location.arn(s3Key));
    } catch (SdkException e) {
      throw remote.errors.map(
          e, "check", remote.objectUrl(s3Key), S3Remote.GET, location.arn(s3Key));
    }
  }

  private static boolean isNoSuchBucket(S3Exception e) {
    return e.awsErrorDetails() != null && "NoSuchBucket".equals(e.awsErrorDetails().errorCode());
  }

  /** A string just below {@code key}: every stored key after it and up to {@code key} is listed. */
  static String justBefore(String key) {
    int last = key.length() - 1;
    return key.substring(0, last) + (char) (key.charAt(last) - 1);
  }

  static String commonPrefix(String a, String b) {
    int n = Math.min(a.length(), b.length());
    int i = 0;
    while (i < n && a.charAt(i) == b.charAt(i)) {
      i++;
    }
    if (i > 0 && Character.isHighSurrogate(a.charAt(i - 1))) {
      i--;
    }
    return a.substring(0, i);
  }

  private static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }
}

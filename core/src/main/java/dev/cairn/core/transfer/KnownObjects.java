package dev.cairn.core.transfer;

import dev.cairn.core.CairnException;
import dev.cairn.core.hash.Oid;
import dev.cairn.core.hash.Tree;
import dev.cairn.core.remote.MissingObjectException;
import dev.cairn.core.remote.Remote;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file objects of {@code .dir} listings that are complete on the remote, as a sorted array of
 * distinct ids (about 40 bytes a file, where a hash set takes three times that): whether a file of
 * a new version is there already, without asking the remote about it. A listing is uploaded after
 * all of its files, so one the remote holds vouches for every file it lists. Each listing is
 * streamed from the remote and checked against its id, never stored; one the remote lacks, or that
 * does not match its id, vouches for nothing. Nor does one whose files the remote no longer has all
 * of, as far as a sample of them shows ({@link #SAMPLE} spread over the listing, asked in one
 * request): a version deleted from the remote but for its listing. Counts each id found once.
 */
final class KnownObjects {
  private static final Logger LOG = LoggerFactory.getLogger(KnownObjects.class);

  /** Files of each listing asked about, to check that the remote still has them. */
  static final int SAMPLE = 16;

  private final List<Oid> sorted;
  private final BitSet found;

  private KnownObjects(List<Oid> sorted) {
    this.sorted = sorted;
    this.found = new BitSet(sorted.size());
  }

  /** The files listed by those of {@code dirs} the remote holds intact. */
  static KnownObjects listedBy(Remote remote, Layout layout, Collection<Oid> dirs) {
    ArrayList<Oid> ids = new ArrayList<>();
    for (Oid dir : dirs) {
      int before = ids.size();
      if (!read(remote, layout, dir, ids) || !sampleIsThere(remote, layout, dir, ids, before)) {
        ids.subList(before, ids.size()).clear();
      }
    }
    Collections.sort(ids);
    ArrayList<Oid> distinct = new ArrayList<>(ids.size());
    for (Oid id : ids) {
      if (distinct.isEmpty() || !distinct.get(distinct.size() - 1).equals(id)) {
        distinct.add(id);
      }
    }
    return new KnownObjects(distinct);
  }

  /** Appends the files of one listing to {@code ids}; false if it cannot vouch for them. */
  private static boolean read(Remote remote, Layout layout, Oid dir, List<Oid> ids) {
    String key = layout.key(dir);
    MessageDigest md5;
    try {
      md5 = MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is missing from this JVM", e);
    }
    try (InputStream in = new DigestInputStream(remote.open(key), md5)) {
      Tree.read(in, key, entry -> ids.add(entry.oid()));
      in.transferTo(java.io.OutputStream.nullOutputStream());
      if (!HexFormat.of().formatHex(md5.digest()).equals(dir.md5())) {
        LOG.warn("Asking about every file: {} does not match its id", key);
        return false;
      }
      LOG.debug("{} vouches for its {} files", key, ids.size());
      return true;
    } catch (MissingObjectException e) {
      LOG.info("Asking about every file: the previous listing {} is not on the remote", key);
    } catch (IOException | UncheckedIOException | CairnException e) {
      LOG.warn("Asking about every file: cannot read {}: {}", key, e.getMessage());
    }
    return false;
  }

  /** Whether the remote has every one of a sample of the files listed from {@code from} on. */
  private static boolean sampleIsThere(
      Remote remote, Layout layout, Oid dir, List<Oid> ids, int from) {
    int listed = ids.size() - from;
    Set<String> sample = new LinkedHashSet<>();
    for (int i = 0; i < Math.min(SAMPLE, listed); i++) {
      sample.add(layout.key(ids.get(from + (int) ((long) i * listed / Math.min(SAMPLE, listed)))));
    }
    try {
      Set<String> there = remote.existing(sample);
      if (there.containsAll(sample)) {
        return true;
      }
      sample.removeAll(there);
      LOG.warn(
          "Asking about every file: the remote lacks {} of {} sampled files of {} (first: {})",
          sample.size(),
          Math.min(SAMPLE, listed),
          layout.key(dir),
          sample.iterator().next());
    } catch (CairnException e) {
      LOG.warn(
          "Asking about every file: cannot check files of {}: {}", layout.key(dir), e.getMessage());
    }
    return false;
  }

  /** Whether a listing lists {@code oid}; the first time it does, it counts as found. */
  boolean contains(Oid oid) {
    int i = Collections.binarySearch(sorted, oid);
    if (i < 0) {
      return false;
    }
    synchronized (found) {
      found.set(i);
    }
    return true;
  }

  /** Distinct ids {@link #contains} found. */
  int found() {
    synchronized (found) {
      return found.cardinality();
    }
  }
}

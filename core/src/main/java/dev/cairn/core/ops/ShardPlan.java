package dev.cairn.core.ops;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.cairn.core.InvalidInputException;
import dev.cairn.core.hash.Tree;
import dev.cairn.core.remote.SourceObject;
import dev.cairn.core.remote.SupportsServerSideCopy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Cuts a source into shards: lists it (relpath, size and a version stamp per file, in the {@code
 * .dir} order), then places each of the {@code count - 1} cuts near an equal share of the weight,
 * where each file weighs its share of the bytes plus its share of the files, at the boundary within
 * a quarter shard of that spot that leaves the highest directory (fewest shared leading segments),
 * so a shard holds whole directories where the tree allows. Deterministic: the same files give the
 * same plan and the same id.
 */
final class ShardPlan {
  /** At most this many shards: one item per pod, and Argo keeps the list in the workflow. */
  static final int MAX_SHARDS = 10_000;

  /** One listed file. */
  record Item(String relpath, long size, String stamp) {}

  private ShardPlan() {}

  static List<ShardedSnapshot.Shard> of(Store store, String source, int count) {
    if (count < 1 || count > MAX_SHARDS) {
      throw new InvalidInputException(
          "Cannot plan " + count + " shards: give a number from 1 to " + MAX_SHARDS);
    }
    List<Item> items = source.startsWith("s3://") ? listS3(store, source) : listLocal(source);
    return cut(source, items, count);
  }

  /** Cuts sorted-or-not items into {@code count} shards. */
  static List<ShardedSnapshot.Shard> cut(String source, List<Item> listed, int count) {
    Item[] items = listed.toArray(new Item[0]);
    Arrays.sort(items, Comparator.comparing(Item::relpath, Tree.CODE_POINT_ORDER));
    int n = items.length;
    long totalBytes = 0;
    for (Item item : items) {
      totalBytes += item.size();
    }
    // cumulative weight before file i: the whole source weighs 2 (1 with no bytes)
    double[] before = new double[n + 1];
    for (int i = 0; i < n; i++) {
      double bytesShare = totalBytes == 0 ? 0 : (double) items[i].size() / totalBytes;
      before[i + 1] = before[i] + bytesShare + 1.0 / n;
    }
    double total = before[n];
    int[] boundaries = new int[count + 1];
    boundaries[0] = 0;
    boundaries[count] = n;
    for (int k = 1; k < count; k++) {
      boundaries[k] =
          boundary(items, before, k * total / count, total / count / 4, boundaries[k - 1]);
    }
    String id = id(source, items, count);
    List<ShardedSnapshot.Shard> shards = new ArrayList<>(count);
    String[] cuts = new String[count + 1];
    for (int k = 1; k < count; k++) {
      cuts[k] = cutString(items, boundaries[k]);
    }
    for (int k = 0; k < count; k++) {
      long bytes = 0;
      for (int i = boundaries[k]; i < boundaries[k + 1]; i++) {
        bytes += items[i].size();
      }
      shards.add(
          new ShardedSnapshot.Shard(
              id, k, count, cuts[k], cuts[k + 1], boundaries[k + 1] - boundaries[k], bytes));
    }
    return shards;
  }

  /**
   * The boundary (a cut before file {@code i}, 1 <= i < n) near {@code target} that leaves the
   * highest directory, not before {@code previous}; n when there are too few files.
   */
  private static int boundary(
      Item[] items, double[] before, double target, double window, int previous) {
    int n = items.length;
    if (n < 2 || previous >= n) {
      return n;
    }
    int lo = Math.max(Math.max(1, previous), nearest(before, target - window));
    int hi = Math.min(n - 1, nearest(before, target + window));
    if (lo > hi) {
      return Math.max(Math.max(1, previous), Math.min(n - 1, nearest(before, target)));
    }
    int best = lo;
    int bestDepth = depth(items, lo);
    for (int i = lo + 1; i <= hi; i++) {
      int depth = depth(items, i);
      if (depth < bestDepth
          || (depth == bestDepth
              && Math.abs(before[i] - target) < Math.abs(before[best] - target))) {
        best = i;
        bestDepth = depth;
      }
    }
    return best;
  }

  /** The index i with before[i] closest to {@code weight}. */
  private static int nearest(double[] before, double weight) {
    int i = Arrays.binarySearch(before, weight);
    if (i >= 0) {
      return i;
    }
    int above = -i - 1;
    if (above == 0) {
      return 0;
    }
    if (above >= before.length) {
      return before.length - 1;
    }
    return weight - before[above - 1] <= before[above] - weight ? above - 1 : above;
  }

  /** Leading directories files i-1 and i share: 0 when the cut falls between top-level entries. */
  private static int depth(Item[] items, int i) {
    String a = items[i - 1].relpath();
    String b = items[i].relpath();
    int shared = 0;
    int limit = Math.min(a.length(), b.length());
    for (int c = 0; c < limit && a.charAt(c) == b.charAt(c); c++) {
      if (a.charAt(c) == '/') {
        shared++;
      }
    }
    return shared;
  }

  /**
   * The cut before file i: the shortest run of whole leading segments of its relpath that sorts
   * after file i-1 (a directory name when the cut falls between directories); "" when i is 0, the
   * first file, and null past the last (the range then runs to the end).
   */
  private static @Nullable String cutString(Item[] items, int i) {
    if (i >= items.length) {
      return items.length == 0 ? "" : items[items.length - 1].relpath() + "\u0000";
    }
    if (i == 0) {
      return "";
    }
    String previous = items[i - 1].relpath();
    String relpath = items[i].relpath();
    for (int slash = relpath.indexOf('/'); slash >= 0; slash = relpath.indexOf('/', slash + 1)) {
      String prefix = relpath.substring(0, slash);
      if (Tree.CODE_POINT_ORDER.compare(prefix, previous) > 0) {
        return prefix;
      }
    }
    return relpath;
  }

  private static String id(String source, Item[] items, int count) {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    digest.update((source + "\n" + count + "\n").getBytes(UTF_8));
    for (Item item : items) {
      digest.update(
          (item.relpath() + "\u0000" + item.size() + "\u0000" + item.stamp() + "\n")
              .getBytes(UTF_8));
    }
    return HexFormat.of().formatHex(digest.digest()).substring(0, 32);
  }

  private static List<Item> listS3(Store store, String source) {
    if (!(store.remote() instanceof SupportsServerSideCopy copier) || !copier.canCopyFrom(source)) {
      throw new InvalidInputException(
          "Cannot plan shards of "
              + source
              + ": the data remote "
              + store.remote().describe()
              + " cannot read it in place (use an S3 remote on the same endpoint)");
    }
    List<SourceObject> objects = new ArrayList<>();
    copier.listSource(source, objects::add);
    InPlaceSnapshot.checkRelpaths(source, objects);
    List<Item> items = new ArrayList<>(objects.size());
    for (SourceObject o : objects) {
      items.add(new Item(o.relpath(), o.size(), o.version()));
    }
    return items;
  }

  /**
   * The files DVC would track under {@code source}, with the default ignores ({@code .git}, and
   * {@code .hg} and {@code .dvc} directories), not following symbolic links to directories.
   */
  private static List<Item> listLocal(String source) {
    Path root = Path.of(source).toAbsolutePath().normalize();
    if (!Files.isDirectory(root)) {
      throw new InvalidInputException(
          "Cannot plan shards of "
              + source
              + (Files.exists(root, LinkOption.NOFOLLOW_LINKS)
                  ? ": not a directory (snapshot a single file without shards)"
                  : ": no such directory (check the path and that the volume is mounted)"));
    }
    List<Item> items = new ArrayList<>();
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
              String name = dir.equals(root) ? "" : dir.getFileName().toString();
              return name.equals(".git") || name.equals(".hg") || name.equals(".dvc")
                  ? FileVisitResult.SKIP_SUBTREE
                  : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              String name = file.getFileName().toString();
              if (name.equals(".git")) {
                return FileVisitResult.CONTINUE;
              }
              if (name.equals(".dvcignore")) {
                throw new InvalidInputException(
                    "Cannot plan shards of "
                        + source
                        + ": .dvcignore file should not be in collected dir path: '"
                        + file.getParent()
                        + "' (move its patterns to a .dvcignore above the directory)");
              }
              BasicFileAttributes target = attrs;
              if (attrs.isSymbolicLink()) {
                try {
                  target = Files.readAttributes(file, BasicFileAttributes.class);
                } catch (IOException e) {
                  target = attrs; // a broken link: the shard that holds it says so
                }
                if (target.isDirectory()) {
                  return FileVisitResult.CONTINUE; // not followed, as DVC does
                }
              }
              String relpath = root.relativize(file).toString().replace('\\', '/');
              items.add(
                  new Item(
                      relpath, target.size(), Long.toString(target.lastModifiedTime().toMillis())));
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + source + " (check the volume)", e);
    }
    return items;
  }
}

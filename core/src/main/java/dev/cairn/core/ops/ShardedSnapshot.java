package dev.cairn.core.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot too big for one pod, in three roles that a workflow engine runs as separate steps:
 * {@link #plan} lists the source once and cuts it into shards of balanced bytes and file counts;
 * {@link #shard} hashes and uploads one shard, in a pod of its own, and writes the shard's partial
 * listing to the data remote under {@code cairn/shards/}; {@link #merge} reads the partial
 * listings, checks that every file is on the remote, uploads the one {@code .dir} listing (the same
 * bytes, so the same DVC hash, as {@link Snapshot#run} makes for the same data) and registers the
 * version as {@link Snapshot#run} does.
 *
 * <p>A shard covers the files whose relpath lies in a range of the {@code .dir} order, so the
 * shards together cover every file exactly once whatever the plan saw. Every role is idempotent: a
 * shard whose listing is on the remote and whose files all are is not redone; the merge refuses to
 * register while a listing or a file is missing and completes when re-run after the shard is.
 */
public final class ShardedSnapshot {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The remote prefix of the partial listings; DVC reads nothing outside {@code files/md5/}. */
  static final String PREFIX = "cairn/shards/";

  /**
   * One shard of a plan: the files with {@code from <= relpath < to} in the {@code .dir} order.
   *
   * @param plan the plan's id: a digest of the source and of every file's relpath, size and
   *     modification time (or object version) when planned
   * @param index 0-based
   * @param count shards in the plan
   * @param from first relpath of the range (null: unbounded)
   * @param to end of the range, excluded (null: unbounded)
   * @param files files in the range when planned
   * @param bytes their bytes when planned
   */
  public record Shard(
      String plan,
      int index,
      int count,
      @Nullable String from,
      @Nullable String to,
      long files,
      long bytes) {
    public Shard {
      if (count < 1 || index < 0 || index >= count) {
        throw new InvalidInputException(
            "Cannot use shard " + index + " of " + count + ": give 0 <= index < count");
      }
      if (!plan.matches("[0-9a-f]{32}")) {
        throw new InvalidInputException(
            "Cannot use shard plan id '" + plan + "': give the id the plan role wrote");
      }
    }

    /** The shard as one JSON object (an item of the plan's list). */
    public String toJson() {
      return node(this).toString();
    }
  }

  /**
   * What one shard did.
   *
   * @param shard the shard
   * @param listing the remote key of its partial listing
   * @param files files hashed (or listed by the reused listing)
   * @param bytes their bytes
   * @param reused whether a finished listing was found and verified, and nothing was redone
   * @param uploaded objects uploaded now
   * @param uploadedBytes bytes uploaded now
   */
  public record ShardResult(
      Shard shard,
      String listing,
      long files,
      long bytes,
      boolean reused,
      int uploaded,
      long uploadedBytes) {}

  private ShardedSnapshot() {}

  /**
   * Lists {@code source} (a local directory, or an {@code s3://} prefix read through the store's S3
   * data remote) and cuts it into {@code shards} shards. The same files give the same plan.
   *
   * @throws InvalidInputException if the source is missing, a single file, holds a {@code
   *     .dvcignore}, or {@code shards} is not between 1 and {@link ShardPlan#MAX_SHARDS}
   */
  public static List<Shard> plan(Store store, String source, int shards) {
    return ShardPlan.of(store, source, shards);
  }

  /**
   * Hashes and uploads one shard of {@code source} (the same source the plan listed), then writes
   * its partial listing; a finished shard is verified and reused.
   *
   * @param followExternalLinks as {@link Snapshot.Request#followExternalLinks()}
   * @param trustEtags in place: take an object's MD5 from its ETag where that provably is one
   */
  public static ShardResult shard(
      Store store, String source, Shard shard, boolean followExternalLinks, boolean trustEtags) {
    return new ShardRun(store, source, shard, followExternalLinks, trustEtags).call();
  }

  /**
   * Builds the version from the shards' listings and registers it as {@link Snapshot#run} does.
   * {@code request.source()} is not read.
   *
   * @throws dev.cairn.core.remote.MissingObjectException if a shard's listing, or a file it lists,
   *     is not on the remote (nothing is uploaded or registered then)
   */
  public static Snapshot.Result merge(Store store, Snapshot.Request request, List<Shard> plan) {
    return new ShardMerge(store, request, plan).call();
  }

  /** The plan as the JSON list a workflow fans out over (Argo withParam, KFP ParallelFor). */
  public static String toJson(List<Shard> plan) {
    ArrayNode list = JSON.createArrayNode();
    plan.forEach(s -> list.add(node(s)));
    return list.toString();
  }

  /**
   * Reads a plan ({@link #toJson}) or one shard of it (a JSON object).
   *
   * @param what the option it came from, for messages
   * @throws InvalidInputException if it is not a plan or a shard
   */
  public static List<Shard> parse(String json, String what) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw notAPlan(what);
    }
    List<Shard> shards = new ArrayList<>();
    if (root != null && root.isObject()) {
      shards.add(shard(root, what));
    } else if (root != null && root.isArray() && !root.isEmpty()) {
      for (JsonNode item : root) {
        shards.add(shard(item, what));
      }
    } else {
      throw notAPlan(what);
    }
    return shards;
  }

  private static Shard shard(JsonNode item, String what) {
    if (!item.isObject()
        || !item.path("plan").isTextual()
        || !item.path("index").canConvertToInt()
        || !item.path("count").canConvertToInt()) {
      throw notAPlan(what);
    }
    return new Shard(
        item.path("plan").asText(),
        item.path("index").asInt(),
        item.path("count").asInt(),
        text(item.get("from")),
        text(item.get("to")),
        item.path("files").asLong(),
        item.path("bytes").asLong());
  }

  private static @Nullable String text(@Nullable JsonNode node) {
    return node == null || node.isNull() ? null : node.asText();
  }

  private static InvalidInputException notAPlan(String what) {
    return new InvalidInputException(
        "Cannot read "
            + what
            + ": not a shard plan (give the JSON the plan role wrote, or one item of it)");
  }

  private static ObjectNode node(Shard s) {
    ObjectNode node = JSON.createObjectNode();
    node.put("plan", s.plan());
    node.put("index", s.index());
    node.put("count", s.count());
    node.put("from", s.from());
    node.put("to", s.to());
    node.put("files", s.files());
    node.put("bytes", s.bytes());
    return node;
  }

  /** The remote key of a shard's partial listing. */
  static String listingKey(Shard shard) {
    return PREFIX + shard.plan() + "/" + shard.index() + "-of-" + shard.count() + ".json.gz";
  }
}

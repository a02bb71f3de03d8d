package dev.cairn.core.ops;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.cairn.core.IntegrityException;
import dev.cairn.core.hash.Oid;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.jspecify.annotations.Nullable;

/**
 * A shard's partial listing, as stored on the data remote at {@code cairn/shards/<plan>/<index>-of-
 * <count>.json.gz}: a gzip stream of one JSON object, the shard's fields and its files in the
 * {@code .dir} order as {@code [relpath, md5, size]} arrays, then the number of files again, so a
 * listing cut short fails to read.
 */
record ShardListing(ShardedSnapshot.Shard shard, List<File> files) {
  static final String FORMAT = "cairn-shard-listing";
  private static final int VERSION = 1;
  private static final JsonFactory JSON = new JsonFactory();

  /** One file of the shard. */
  record File(String relpath, Oid oid, long size) {}

  long bytes() {
    long total = 0;
    for (File f : files) {
      total += f.size();
    }
    return total;
  }

  void write(Path target) throws IOException {
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(target), 1 << 16);
        JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
      json.writeStartObject();
      json.writeStringField("format", FORMAT);
      json.writeNumberField("version", VERSION);
      json.writeStringField("plan", shard.plan());
      json.writeNumberField("index", shard.index());
      json.writeNumberField("count", shard.count());
      json.writeStringField("from", shard.from());
      json.writeStringField("to", shard.to());
      json.writeArrayFieldStart("files");
      for (File f : files) {
        json.writeStartArray();
        json.writeString(f.relpath());
        json.writeString(f.oid().value());
        json.writeNumber(f.size());
        json.writeEndArray();
      }
      json.writeEndArray();
      json.writeNumberField("nfiles", files.size());
      json.writeEndObject();
    }
  }

  /**
   * Reads a listing and checks it belongs to {@code expected} (same plan, index, count and range).
   *
   * @throws IntegrityException if it is cut short, malformed or for another shard
   */
  static ShardListing read(InputStream in, ShardedSnapshot.Shard expected, String source) {
    try (JsonParser json = JSON.createParser(new GZIPInputStream(in, 1 << 16))) {
      expect(json.nextToken() == JsonToken.START_OBJECT, source);
      String format = null;
      String plan = null;
      int index = -1;
      int count = -1;
      String from = null;
      String to = null;
      long nfiles = -1;
      List<File> files = new ArrayList<>();
      while (json.nextToken() == JsonToken.FIELD_NAME) {
        String field = json.currentName();
        JsonToken value = json.nextToken();
        switch (field) {
          case "format" -> format = json.getValueAsString();
          case "plan" -> plan = json.getValueAsString();
          case "index" -> index = json.getIntValue();
          case "count" -> count = json.getIntValue();
          case "from" -> from = value == JsonToken.VALUE_NULL ? null : json.getText();
          case "to" -> to = value == JsonToken.VALUE_NULL ? null : json.getText();
          case "nfiles" -> nfiles = json.getLongValue();
          case "files" -> readFiles(json, files, source);
          default -> json.skipChildren();
        }
      }
      expect(
          FORMAT.equals(format)
              && nfiles == files.size()
              && expected.plan().equals(plan)
              && expected.index() == index
              && expected.count() == count
              && Objects.equals(expected.from(), from)
              && Objects.equals(expected.to(), to),
          source);
      return new ShardListing(expected, files);
    } catch (IOException | RuntimeException e) {
      if (e instanceof IntegrityException integrity) {
        throw integrity;
      }
      throw new IntegrityException(
          "Cannot read shard listing "
              + source
              + ": "
              + e.getMessage()
              + " (run the shard again: it rewrites the listing)",
          e);
    }
  }

  private static void readFiles(JsonParser json, List<File> files, String source)
      throws IOException {
    expect(json.currentToken() == JsonToken.START_ARRAY, source);
    while (json.nextToken() == JsonToken.START_ARRAY) {
      json.nextToken();
      String relpath = json.getText();
      json.nextToken();
      String md5 = json.getText();
      json.nextToken();
      long size = json.getLongValue();
      expect(json.nextToken() == JsonToken.END_ARRAY, source);
      files.add(new File(relpath, Oid.ofFile(md5), size));
    }
  }

  private static void expect(boolean condition, @Nullable String source) {
    if (!condition) {
      throw new IntegrityException(
          "Cannot read shard listing "
              + source
              + ": malformed, cut short or for another shard (run the shard again: it rewrites"
              + " the listing)");
    }
  }
}

package dev.cairn.core.hash;

import static java.nio.charset.StandardCharsets.US_ASCII;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.cairn.core.IntegrityException;
import dev.cairn.core.InvalidInputException;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The listing of a directory version: DVC 3's {@code .dir} object. Entries are sorted by relpath in
 * Unicode code point order (Python's {@code str} order, not Java's UTF-16 order) and serialised
 * exactly as Python's {@code json.dumps(entries, sort_keys=True)}: {@code ", "} and {@code ": "}
 * separators, {@code \\uXXXX} lowercase escapes for everything outside printable ASCII, no trailing
 * newline. The object id is the MD5 of those bytes plus {@code .dir}.
 */
public final class Tree {
  /** Orders relpaths by Unicode code point, as Python sorts {@code str}. */
  public static final Comparator<String> CODE_POINT_ORDER = Tree::compareCodePoints;

  private static final JsonFactory JSON =
      JsonFactory.builder()
          .disable(com.fasterxml.jackson.core.StreamReadFeature.AUTO_CLOSE_SOURCE)
          .build();

  /** One file in the tree: its {@code /}-separated path relative to the directory, and its id. */
  public record Entry(String relpath, Oid oid) {
    public Entry {
      if (relpath.isEmpty()
          || relpath.startsWith("/")
          || relpath.endsWith("/")
          || relpath.indexOf('\0') >= 0) {
        throw new IllegalArgumentException(
            "Cannot use relpath: '" + relpath.replace("\0", "\\0") + "'");
      }
      if (oid.isDir()) {
        throw new IllegalArgumentException("Cannot list a .dir object inside a tree: " + relpath);
      }
    }
  }

  private final List<Entry> entries;
  private @Nullable Oid oid;

  private Tree(List<Entry> sortedEntries) {
    this.entries = sortedEntries;
  }

  /** A tree of these entries, sorted as DVC sorts them. Duplicate relpaths are rejected. */
  public static Tree of(Collection<Entry> entries) {
    List<Entry> sorted = new ArrayList<>(entries);
    if (!isStrictlySorted(sorted)) { // a listing read back from a .dir already is: skip the sort
      sorted.sort(Comparator.comparing(Entry::relpath, CODE_POINT_ORDER));
      for (int i = 1; i < sorted.size(); i++) {
        if (sorted.get(i).relpath().equals(sorted.get(i - 1).relpath())) {
          throw new IllegalArgumentException(
              "Cannot build tree: duplicate relpath '" + sorted.get(i).relpath() + "'");
        }
      }
    }
    requireNoFileAlsoADirectory(sorted);
    return new Tree(List.copyOf(sorted));
  }

  /**
   * A listing with both {@code x} and {@code x/y} cannot be checked out: x is a file or a dir. Each
   * directory prefix is looked up once, by binary search in the sorted entries, so a million-file
   * listing needs no set of its relpaths.
   */
  private static void requireNoFileAlsoADirectory(List<Entry> sorted) {
    String checked = ""; // the longest directory already known not to be a file, with its slash
    for (Entry e : sorted) {
      String path = e.relpath();
      int last = path.lastIndexOf('/');
      if (last < 0 || (path.startsWith(checked) && checked.length() == last + 1)) {
        continue;
      }
      for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
        if (slash < checked.length() && path.startsWith(checked)) {
          continue; // a parent of a directory checked before
        }
        String dir = path.substring(0, slash);
        if (isListed(sorted, dir)) {
          throw new IllegalArgumentException(
              "Cannot build tree: '"
                  + dir
                  + "' is listed as a file and as the directory of '"
                  + path
                  + "'");
        }
      }
      checked = path.substring(0, last + 1);
    }
  }

  private static boolean isListed(List<Entry> sorted, String relpath) {
    int low = 0;
    int high = sorted.size() - 1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      int order = compareCodePoints(sorted.get(mid).relpath(), relpath);
      if (order < 0) {
        low = mid + 1;
      } else if (order > 0) {
        high = mid - 1;
      } else {
        return true;
      }
    }
    return false;
  }

  private static boolean isStrictlySorted(List<Entry> entries) {
    for (int i = 1; i < entries.size(); i++) {
      if (compareCodePoints(entries.get(i - 1).relpath(), entries.get(i).relpath()) >= 0) {
        return false;
      }
    }
    return true;
  }

  /** The entries in DVC order. */
  public List<Entry> entries() {
    return entries;
  }

  /** Number of files. */
  public int size() {
    return entries.size();
  }

  /** The exact bytes DVC stores for this tree. */
  public byte[] toBytes() {
    // two passes over small chunks: the listing of a large tree is held once, at its exact size
    long[] total = {0};
    forEachChunk(chunk -> total[0] += chunk.length);
    if (total[0] > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException(
          "Cannot serialise a directory listing of " + total[0] + " bytes (over 2 GiB)");
    }
    byte[] json = new byte[(int) total[0]];
    int[] at = {0};
    forEachChunk(
        chunk -> {
          System.arraycopy(chunk, 0, json, at[0], chunk.length);
          at[0] += chunk.length;
        });
    return json;
  }

  /**
   * Writes {@link #toBytes()} to {@code out} in small chunks, without holding the whole listing (70
   * MB at a million files) in memory. Does not close {@code out}.
   */
  public void writeTo(java.io.OutputStream out) throws IOException {
    try {
      forEachChunk(
          chunk -> {
            try {
              out.write(chunk);
            } catch (IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          });
    } catch (java.io.UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /** The {@code <md5>.dir} id of this tree. */
  public Oid oid() {
    Oid known = oid;
    if (known == null) {
      MessageDigest md5 = md5();
      forEachChunk(md5::update);
      known = Oid.ofDir(HexFormat.of().formatHex(md5.digest()));
      oid = known;
    }
    return known;
  }

  private static final int CHUNK = 1 << 16;

  /** The serialised listing, in ASCII chunks of about {@link #CHUNK} bytes. */
  private void forEachChunk(java.util.function.Consumer<byte[]> sink) {
    StringBuilder json = new StringBuilder(CHUNK + 512);
    json.append('[');
    for (int i = 0; i < entries.size(); i++) {
      Entry entry = entries.get(i);
      if (i > 0) {
        json.append(", ");
      }
      json.append("{\"md5\": \"");
      entry.oid().appendTo(json);
      json.append("\", \"relpath\": \"");
      appendPythonEscaped(json, entry.relpath());
      json.append("\"}");
      if (json.length() >= CHUNK) {
        sink.accept(json.toString().getBytes(US_ASCII));
        json.setLength(0);
      }
    }
    json.append(']');
    sink.accept(json.toString().getBytes(US_ASCII));
  }

  /**
   * Reads a {@code .dir} object. Whitespace and key order do not matter (DVC JSON-parses it).
   *
   * @param source what the bytes are, for the error message (an object id or a path)
   * @throws IntegrityException if the bytes are not a DVC directory listing
   */
  public static Tree parse(byte[] bytes, String source) {
    return parse(new java.io.ByteArrayInputStream(bytes), source);
  }

  /**
   * Reads a {@code .dir} object from {@code in} (not closed), as {@link #parse(byte[], String)}
   * does, without holding its bytes.
   */
  public static Tree parse(java.io.InputStream in, String source) {
    List<Entry> entries = new ArrayList<>();
    read(in, source, entries::add);
    try {
      return of(entries);
    } catch (IllegalArgumentException e) {
      throw corrupt(source, e);
    }
  }

  /**
   * Reads the entries of a {@code .dir} object from {@code in} (not closed) one at a time, in the
   * order they are stored, holding none of them: for a pass over a large listing. Unlike {@link
   * #parse} it neither sorts nor checks for duplicates.
   *
   * @throws IntegrityException if the bytes are not a DVC directory listing
   */
  public static void read(
      java.io.InputStream in, String source, java.util.function.Consumer<Entry> sink) {
    try (JsonParser parser = JSON.createParser(in)) {
      expect(parser.nextToken() == JsonToken.START_ARRAY, source, "a JSON list");
      JsonToken token;
      while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
        expect(token == JsonToken.START_OBJECT, source, "a list of objects");
        sink.accept(readEntry(parser, source));
      }
      expect(parser.nextToken() == null, source, "nothing after the list");
    } catch (IOException | IllegalArgumentException | InvalidInputException e) {
      throw corrupt(source, e);
    }
  }

  private static IntegrityException corrupt(String source, Exception e) {
    return new IntegrityException(
        "Cannot read directory object "
            + source
            + ": "
            + e.getMessage()
            + " (the object is corrupt; delete it from the cache and fetch it again)",
        e);
  }

  private static Entry readEntry(JsonParser parser, String source) throws IOException {
    @Nullable String md5 = null;
    @Nullable String relpath = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      if ("md5".equals(field) && value == JsonToken.VALUE_STRING) {
        md5 = parser.getText();
      } else if ("relpath".equals(field) && value == JsonToken.VALUE_STRING) {
        relpath = parser.getText();
      } else {
        parser.skipChildren();
      }
    }
    if (md5 == null || relpath == null) {
      throw new IOException("expected entries with md5 and relpath in " + source);
    }
    return new Entry(relpath, Oid.parse(md5));
  }

  private static void expect(boolean condition, String source, String what) throws IOException {
    if (!condition) {
      throw new IOException("expected " + what + " in " + source);
    }
  }

  /** Python {@code json.dumps(ensure_ascii=True)} string escaping, without the quotes. */
  static void appendPythonEscaped(StringBuilder out, String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20 || c > 0x7e) {
            out.append("\\u");
            String hex = Integer.toHexString(c);
            out.append("0".repeat(4 - hex.length())).append(hex);
          } else {
            out.append(c);
          }
        }
      }
    }
  }

  private static int compareCodePoints(String a, String b) {
    int common = Math.min(a.length(), b.length());
    int k = 0;
    while (k < common && a.charAt(k) == b.charAt(k)) {
      k++;
    }
    if (k == common) {
      return Integer.compare(a.length(), b.length());
    }
    char x = a.charAt(k);
    char y = b.charAt(k);
    if (!Character.isSurrogate(x) && !Character.isSurrogate(y)) {
      return Integer.compare(x, y); // UTF-16 order is code point order outside surrogates
    }
    // the prefixes are equal, so both strings are aligned at the same code point boundary
    int i = k > 0 && Character.isHighSurrogate(a.charAt(k - 1)) ? k - 1 : k;
    int j = i;
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

  private static MessageDigest md5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError("every JVM has MD5", e);
    }
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof Tree tree && tree.entries.equals(entries);
  }

  @Override
  public int hashCode() {
    return entries.hashCode();
  }

  @Override
  public String toString() {
    return "Tree[" + entries.size() + " files]";
  }
}

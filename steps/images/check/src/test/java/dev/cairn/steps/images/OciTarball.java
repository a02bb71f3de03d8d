package dev.cairn.steps.images;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/** An OCI image layout read from a tarball (what {@code jib:buildTar} writes with format OCI). */
final class OciTarball {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One file or directory of a layer, with its content for regular files. */
  static final class LayerEntry {
    private final TarArchiveEntry entry;
    private final byte[] bytes;

    LayerEntry(TarArchiveEntry entry, byte[] bytes) {
      this.entry = entry;
      this.bytes = bytes;
    }

    String name() {
      return entry.getName();
    }

    boolean directory() {
      return entry.isDirectory();
    }

    long mtimeMillis() {
      return entry.getLastModifiedTime().toMillis();
    }

    long uid() {
      return entry.getLongUserId();
    }

    long gid() {
      return entry.getLongGroupId();
    }

    int mode() {
      return entry.getMode();
    }

    byte[] bytes() {
      return bytes;
    }
  }

  /** One layer: its compressed blob digest, the digest of its uncompressed tar, its entries. */
  record Layer(String digest, String diffId, List<LayerEntry> entries) {}

  private final Map<String, byte[]> files;

  private OciTarball(Map<String, byte[]> files) {
    this.files = files;
  }

  static OciTarball read(Path tarball) throws IOException {
    Map<String, byte[]> files = new LinkedHashMap<>();
    try (InputStream in = Files.newInputStream(tarball);
        TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        if (entry.isFile()) {
          files.put(entry.getName(), tar.readAllBytes());
        }
      }
    }
    return new OciTarball(files);
  }

  Map<String, byte[]> files() {
    return files;
  }

  JsonNode json(String path) throws IOException {
    return JSON.readTree(file(path));
  }

  byte[] file(String path) {
    byte[] bytes = files.get(path);
    if (bytes == null) {
      throw new AssertionError("no " + path + " in the tarball; it holds " + files.keySet());
    }
    return bytes;
  }

  byte[] blob(String digest) {
    if (!digest.startsWith("sha256:")) {
      throw new AssertionError("not a sha256 digest: " + digest);
    }
    return file("blobs/sha256/" + digest.substring("sha256:".length()));
  }

  /** The digest of the image manifest, as the layout's index.json names it. */
  String manifestDigest() throws IOException {
    JsonNode manifests = json("index.json").path("manifests");
    if (manifests.size() != 1) {
      throw new AssertionError("expected one manifest in index.json, got " + manifests);
    }
    return manifests.get(0).path("digest").asText();
  }

  JsonNode manifest() throws IOException {
    return JSON.readTree(blob(manifestDigest()));
  }

  String configDigest() throws IOException {
    return manifest().path("config").path("digest").asText();
  }

  JsonNode config() throws IOException {
    return JSON.readTree(blob(configDigest()));
  }

  List<Layer> layers() throws IOException {
    List<Layer> layers = new ArrayList<>();
    for (JsonNode descriptor : manifest().path("layers")) {
      String digest = descriptor.path("digest").asText();
      byte[] uncompressed;
      try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(blob(digest)))) {
        uncompressed = in.readAllBytes();
      }
      List<LayerEntry> entries = new ArrayList<>();
      try (TarArchiveInputStream tar =
          new TarArchiveInputStream(new ByteArrayInputStream(uncompressed))) {
        TarArchiveEntry entry;
        while ((entry = tar.getNextEntry()) != null) {
          entries.add(
              new LayerEntry(entry, entry.isDirectory() ? new byte[0] : tar.readAllBytes()));
        }
      }
      layers.add(new Layer(digest, sha256(uncompressed), entries));
    }
    return layers;
  }

  static String sha256(byte[] bytes) {
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

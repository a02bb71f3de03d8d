package dev.cairn.core.remote;

import dev.cairn.core.Redaction;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Everything needed to open a remote: its URL, the options of its DVC {@code ['remote "name"']}
 * section (merged from {@code config} and {@code config.local}: {@code endpointurl}, {@code
 * region}, {@code user}, {@code keyfile}, ...), secret files Cairn adds (mounted Secrets) and
 * transfer tuning. Option keys are lower case, as DVC reads them. {@link #toString()} never shows
 * option values.
 *
 * @param url {@code s3://bucket/prefix}, {@code ssh://user@host:port/abs/path}, {@code file://} URL
 *     or a local directory path (relative paths are resolved against the working directory)
 * @param options DVC remote options; {@code url} among them is ignored
 * @param files the secret files Cairn adds (mounted Secrets)
 */
public record RemoteSpec(
    String url, Map<String, String> options, Files files, RemoteTuning tuning) {

  /**
   * Secret files for reaching a remote, added to what {@code .dvc/config} says (mounted Kubernetes
   * Secrets, for example). Values are never read here, only passed on as paths; a command can give
   * them before it knows which configured remote it opens.
   *
   * @param knownHosts SSH: OpenSSH known_hosts file to verify the server key against; when absent
   *     {@code ~/.ssh/known_hosts}
   * @param keyPassphrase SSH: file holding the passphrase of an encrypted {@code keyfile}
   * @param password SSH: file holding the login password (fallback after keys)
   */
  public record Files(
      @Nullable Path knownHosts, @Nullable Path keyPassphrase, @Nullable Path password) {
    /** No extra files. */
    public static final Files NONE = new Files(null, null, null);
  }

  public RemoteSpec {
    if (url.isBlank()) {
      throw new IllegalArgumentException("url is blank");
    }
    TreeMap<String, String> lower = new TreeMap<>();
    options.forEach((k, v) -> lower.put(k.toLowerCase(java.util.Locale.ROOT), v));
    options = java.util.Collections.unmodifiableMap(lower);
  }

  /** A remote with the given URL and DVC options, default tuning and no secret files. */
  public static RemoteSpec of(String url, Map<String, String> options) {
    return new RemoteSpec(url, options, Files.NONE, RemoteTuning.defaults());
  }

  /** A remote with the given URL and no options. */
  public static RemoteSpec of(String url) {
    return of(url, Map.of());
  }

  /** This remote with the files given in {@code added}; the ones {@code added} leaves out stay. */
  public RemoteSpec withFiles(Files added) {
    return new RemoteSpec(
        url,
        options,
        new Files(
            added.knownHosts() != null ? added.knownHosts() : files.knownHosts(),
            added.keyPassphrase() != null ? added.keyPassphrase() : files.keyPassphrase(),
            added.password() != null ? added.password() : files.password()),
        tuning);
  }

  public RemoteSpec withKnownHostsFile(Path file) {
    return withFiles(new Files(file, null, null));
  }

  public RemoteSpec withKeyPassphraseFile(Path file) {
    return withFiles(new Files(null, file, null));
  }

  public RemoteSpec withPasswordFile(Path file) {
    return withFiles(new Files(null, null, file));
  }

  public RemoteSpec withTuning(RemoteTuning value) {
    return new RemoteSpec(url, options, files, value);
  }

  /** The option's value, if set and not blank. */
  public Optional<String> option(String key) {
    String value = options.get(key);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  /** A DVC boolean option ({@code true}/{@code false} in any case), or {@code fallback}. */
  public boolean flag(String key, boolean fallback) {
    return option(key).map(v -> Boolean.parseBoolean(v) || "1".equals(v)).orElse(fallback);
  }

  @Override
  public String toString() {
    return "RemoteSpec[url="
        + Redaction.redact(url)
        + ", options="
        + options.keySet()
        + ", tuning="
        + tuning
        + "]";
  }
}

package dev.cairn.core.remote.sftp;

import dev.cairn.core.ConfigurationException;
import dev.cairn.core.InvalidInputException;
import dev.cairn.core.remote.RemoteKeys;
import dev.cairn.core.remote.RemoteSpec;
import dev.cairn.core.remote.RemoteUri;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * What an SSH remote needs, from the URL {@code ssh://user@host:port/abs/path} and DVC's ssh
 * options ({@code user}, {@code port}, {@code keyfile}, {@code password}, {@code timeout}, {@code
 * max_sessions}) plus Cairn's secret files. {@link #toString()} shows no secret.
 */
@SuppressWarnings("InvalidParam") // the Javadoc names DVC's option keys, not the parameters
record SftpSettings(
    String user,
    String host,
    int port,
    String root,
    @Nullable Path keyFile,
    @Nullable String keyPassphrase,
    @Nullable String password,
    Path knownHosts,
    Duration timeout,
    int sessions) {

  static SftpSettings from(RemoteSpec spec) {
    String url = spec.url().trim();
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw RemoteUri.unsupported(url, "malformed ssh URL");
    }
    String host = uri.getHost();
    String path = uri.getPath();
    if (host == null || host.isEmpty() || path == null || !path.startsWith("/")) {
      throw RemoteUri.unsupported(url, "an ssh URL needs a host and an absolute path");
    }
    String userInfo = uri.getUserInfo();
    String urlUser = userInfo == null ? null : userInfo.split(":", 2)[0];
    // a Host alias of ~/.ssh/config: HostName, User, Port, IdentityFile (url and options win)
    SshHostConfig alias = SshHostConfig.resolve(host);
    host = alias.hostName();
    String configUser = alias.user();
    String user =
        spec.option("user")
            .orElseGet(
                () ->
                    urlUser != null && !urlUser.isEmpty()
                        ? urlUser
                        : configUser != null ? configUser : System.getProperty("user.name"));
    int port =
        uri.getPort() > 0
            ? uri.getPort()
            : spec.option("port")
                .map(p -> parseInt("port", p))
                .orElse(alias.port() > 0 ? alias.port() : 22);
    String root =
        path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    if (!root.equals("/")) {
      RemoteKeys.check(root.substring(1));
    }
    Path keyFile = spec.option("keyfile").map(SftpSettings::expand).orElse(alias.identity());
    if (keyFile != null && !Files.isReadable(keyFile)) {
      throw new ConfigurationException(
          "Cannot read SSH key file: "
              + keyFile
              + " (check the remote's keyfile option and the mounted Secret)");
    }
    RemoteSpec.Files files = spec.files();
    Path passphraseFile = files.keyPassphrase();
    String passphrase =
        passphraseFile == null
            ? spec.option("passphrase").orElse(null)
            : readSecret(passphraseFile, "key passphrase");
    Path passwordFile = files.password();
    String password =
        passwordFile == null
            ? spec.option("password").orElse(null)
            : readSecret(passwordFile, "password");
    Path givenKnownHosts = files.knownHosts();
    Path knownHosts =
        givenKnownHosts != null
            ? givenKnownHosts
            : Path.of(System.getProperty("user.home"), ".ssh", "known_hosts");
    Duration timeout =
        Duration.ofSeconds(spec.option("timeout").map(t -> parseInt("timeout", t)).orElse(30));
    int sessions =
        Math.max(
            1,
            spec.option("max_sessions")
                .map(m -> parseInt("max_sessions", m))
                .orElse(spec.tuning().concurrency()));
    return new SftpSettings(
        user, host, port, root, keyFile, passphrase, password, knownHosts, timeout, sessions);
  }

  /** {@code ssh://user@host:port/path}, for messages. */
  String url() {
    return "ssh://" + user + "@" + host + ":" + port + root;
  }

  String path(String key) {
    return root.equals("/") ? "/" + key : root + "/" + key;
  }

  private static int parseInt(String option, String value) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new InvalidInputException(
          "Cannot use remote option " + option + ": " + value + " (expected a number)");
    }
  }

  private static Path expand(String file) {
    return Path.of(
        file.startsWith("~/") ? System.getProperty("user.home") + file.substring(1) : file);
  }

  private static String readSecret(Path file, String what) {
    try {
      String value = Files.readString(file, StandardCharsets.UTF_8);
      return value.endsWith("\r\n")
          ? value.substring(0, value.length() - 2)
          : value.endsWith("\n") ? value.substring(0, value.length() - 1) : value;
    } catch (IOException e) {
      throw new ConfigurationException(
          "Cannot read SSH " + what + " file: " + file + " (check the mounted Secret)", e);
    }
  }

  @Override
  public String toString() {
    return "SftpSettings["
        + url()
        + ", keyFile="
        + keyFile
        + ", knownHosts="
        + knownHosts
        + ", sessions="
        + sessions
        + "]";
  }
}

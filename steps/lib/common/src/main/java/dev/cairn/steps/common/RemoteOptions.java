package dev.cairn.steps.common;

import dev.cairn.core.ConfigurationException;
import dev.cairn.core.Redaction;
import dev.cairn.core.dvc.DvcConfig;
import dev.cairn.core.dvc.RemoteConfig;
import dev.cairn.core.remote.RemoteSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Which data remote to use and the credential files to reach it. */
public final class RemoteOptions {
  @Option(
      names = "--remote",
      paramLabel = "URL|NAME",
      defaultValue = "${env:CAIRN_REMOTE}",
      description =
          "Data remote: a URL (s3://bucket/prefix, gs://bucket/prefix, azure://container/prefix,"
              + " ssh://host/path, /mounted/path) or the name of"
              + " a remote in the repository's .dvc/config (default: its core.remote)."
              + " Env: CAIRN_REMOTE.")
  private @Nullable String remote;

  @Option(
      names = "--remote-endpoint-url",
      paramLabel = "URL",
      defaultValue = "${env:CAIRN_REMOTE_ENDPOINT_URL}",
      description =
          "S3-compatible endpoint (MinIO, Ceph, NetApp ONTAP S3); path-style addressing."
              + " Env: CAIRN_REMOTE_ENDPOINT_URL.")
  private @Nullable String endpointUrl;

  @Option(
      names = "--remote-ssh-key",
      paramLabel = "FILE",
      defaultValue = "${env:CAIRN_REMOTE_SSH_KEY}",
      description =
          "SSH remotes: private key file (default: "
              + MountPaths.REMOTE_SSH_KEY
              + " if mounted). Env: CAIRN_REMOTE_SSH_KEY.")
  private @Nullable Path sshKey;

  @Option(
      names = "--remote-known-hosts",
      paramLabel = "FILE",
      defaultValue = "${env:CAIRN_REMOTE_KNOWN_HOSTS}",
      description =
          "SSH remotes: known_hosts file (default: "
              + MountPaths.REMOTE_KNOWN_HOSTS
              + " if mounted, else ~/.ssh/known_hosts). Env: CAIRN_REMOTE_KNOWN_HOSTS.")
  private @Nullable Path knownHosts;

  @Option(
      names = "--remote-key-passphrase-file",
      paramLabel = "FILE",
      defaultValue = "${env:CAIRN_REMOTE_KEY_PASSPHRASE_FILE}",
      description =
          "SSH remotes: file with the passphrase of an encrypted key."
              + " Env: CAIRN_REMOTE_KEY_PASSPHRASE_FILE.")
  private @Nullable Path keyPassphraseFile;

  @Option(
      names = "--remote-password-file",
      paramLabel = "FILE",
      defaultValue = "${env:CAIRN_REMOTE_PASSWORD_FILE}",
      description =
          "SSH remotes: file with the password, a fallback after keys (default: "
              + MountPaths.REMOTE_PASSWORD
              + " if mounted). Env: CAIRN_REMOTE_PASSWORD_FILE.")
  private @Nullable Path passwordFile;

  @Mixin private JobsOption jobs = new JobsOption();

  /** The S3 endpoint override given, or null (AWS). */
  public @Nullable String endpointUrl() {
    UrlCredentials.refuse(
        endpointUrl,
        "--remote-endpoint-url",
        "give the endpoint as scheme://host:port and the keys in the cairn-aws Secret");
    return endpointUrl == null || endpointUrl.isBlank() ? null : endpointUrl;
  }

  /** Parallel transfers ({@link JobsOption}). */
  public int jobs() {
    return jobs.jobs();
  }

  /**
   * The remote to open: the URL given, or the named (or default) remote of {@code config}, with the
   * credential files added.
   *
   * @param config the repository's DVC configuration, if it has one
   * @throws ConfigurationException if no remote is given and the repository names none
   */
  RemoteSpec spec(Optional<DvcConfig> config) {
    return spec(config, MountPaths.system());
  }

  /**
   * The name of the configured remote {@link #spec} opens (the one given, or the default), or null
   * when a url was given.
   */
  @Nullable String configuredName(Optional<DvcConfig> config) {
    String given = remote;
    if (given != null && !given.isBlank() && looksLikeUrl(given)) {
      return null;
    }
    if (given != null && !given.isBlank()) {
      return given;
    }
    return config.flatMap(DvcConfig::defaultRemoteName).orElse(null);
  }

  RemoteSpec spec(Optional<DvcConfig> config, MountPaths mounts) {
    String given = remote;
    RemoteSpec spec;
    if (UrlCredentials.carriesCredentials(given)) {
      throw new ConfigurationException(
          "Cannot use --remote with a password in it (give --remote-password-file or an SSH key)");
    }
    if (given != null && !given.isBlank() && looksLikeUrl(given)) {
      String url = given.contains("://") ? given : Path.of(given).toAbsolutePath().toString();
      spec = RemoteSpec.of(url, Map.of());
    } else {
      DvcConfig dvc =
          config.orElseThrow(
              () ->
                  new ConfigurationException(
                      given == null || given.isBlank()
                          ? "Cannot find a data remote: no --remote and the repository has no"
                              + " .dvc/config (give --remote URL or set CAIRN_REMOTE)"
                          : "Cannot find remote '"
                              + given
                              + "': the repository has no .dvc/config (give --remote URL)"));
      RemoteConfig named =
          given == null || given.isBlank() ? dvc.defaultRemote() : dvc.remote(given);
      spec = RemoteSpec.of(named.url(), named.options());
    }
    return withFiles(spec, mounts);
  }

  private RemoteSpec withFiles(RemoteSpec spec, MountPaths mounts) {
    Map<String, String> options = new LinkedHashMap<>(spec.options());
    String endpoint = endpointUrl();
    if (endpoint != null) {
      options.put("endpointurl", endpoint);
    }
    UrlCredentials.refuse(
        options.get("endpointurl"),
        "the remote's endpointurl",
        "keep the keys in .dvc/config.local or the cairn-aws Secret");
    boolean ssh = isSsh(spec.url());
    Path key = mounts.orMounted(sshKey, MountPaths.REMOTE_SSH_KEY);
    if (key != null && ssh) {
      options.put("keyfile", SecretFiles.privateKey(key, "--remote-ssh-key").toString());
    }
    if (spec.url().startsWith("s3://")) {
      addMountedAwsCredentials(options, mounts);
    }
    if (spec.url().startsWith("gs://")) {
      addMountedGcpKey(options, mounts);
    }
    if (spec.url().startsWith("azure://")) {
      addMountedAzureSecret(options, mounts);
    }
    RemoteSpec result = RemoteSpec.of(spec.url(), options);
    Path hosts = mounts.orMounted(knownHosts, MountPaths.REMOTE_KNOWN_HOSTS);
    if (hosts != null && ssh) {
      result =
          result.withKnownHostsFile(
              SecretFiles.readable(hosts, "known_hosts file", "--remote-known-hosts"));
    }
    if (keyPassphraseFile != null) {
      result =
          result.withKeyPassphraseFile(
              SecretFiles.readable(
                  keyPassphraseFile, "key passphrase file", "--remote-key-passphrase-file"));
    }
    Path password = mounts.orMounted(passwordFile, MountPaths.REMOTE_PASSWORD);
    if (password != null && ssh) {
      result =
          result.withPasswordFile(
              SecretFiles.readable(password, "password file", "--remote-password-file"));
    }
    if (ssh) {
      requireSshCredentials(result, mounts);
    }
    return result;
  }

  /**
   * An SSH remote needs a key or a password, and a known_hosts file (host keys are always checked
   * strictly): fail before any work, naming the Secret that should have been mounted, rather than
   * when the first transfer logs in.
   */
  private static void requireSshCredentials(RemoteSpec spec, MountPaths mounts) {
    boolean hasCredential =
        spec.option("keyfile").isPresent()
            || spec.files().password() != null
            || spec.option("password").isPresent();
    String url = Redaction.redact(spec.url());
    if (!hasCredential) {
      throw mounts.missing(
          "an SSH key",
          url,
          MountPaths.REMOTE_SSH_KEY,
          MountPaths.REMOTE_SSH_SECRET_ENV,
          "--remote-ssh-key");
    }
    Path userKnownHosts = mounts.home().resolve(".ssh").resolve("known_hosts");
    if (spec.files().knownHosts() == null && !Files.isRegularFile(userKnownHosts)) {
      throw mounts.missing(
          "a known_hosts file",
          url,
          MountPaths.REMOTE_KNOWN_HOSTS,
          MountPaths.KNOWN_HOSTS_SECRET_ENV,
          "--remote-known-hosts",
          userKnownHosts);
    }
  }

  /**
   * The cairn-aws Secret mounted where the steps look for it, used as the S3 credentials file when
   * neither the remote's {@code credentialpath} nor {@code AWS_SHARED_CREDENTIALS_FILE} names one.
   */
  static void addMountedAwsCredentials(Map<String, String> s3Options, MountPaths mounts) {
    Path awsCredentials = mounts.orMounted(null, MountPaths.AWS_CREDENTIALS);
    if (awsCredentials != null
        && !s3Options.containsKey("credentialpath")
        && mounts.env("AWS_SHARED_CREDENTIALS_FILE") == null) {
      s3Options.put("credentialpath", awsCredentials.toString());
    }
  }

  /**
   * The cairn-gcp Secret's key file, used as the remote's {@code credentialpath} when neither the
   * remote nor {@code GOOGLE_APPLICATION_CREDENTIALS} names one (GKE Workload Identity needs none).
   */
  static void addMountedGcpKey(Map<String, String> gsOptions, MountPaths mounts) {
    Path key = mounts.orMounted(null, MountPaths.GCP_KEY);
    if (key != null
        && !gsOptions.containsKey("credentialpath")
        && mounts.env("GOOGLE_APPLICATION_CREDENTIALS") == null) {
      gsOptions.put("credentialpath", key.toString());
    }
  }

  /**
   * The cairn-azure Secret's connection string (or else SAS token), used when the remote's
   * configuration and the environment give no key, SAS or connection string (AKS Workload Identity
   * and managed identities need none). Read into the options, which are never logged.
   */
  static void addMountedAzureSecret(Map<String, String> azureOptions, MountPaths mounts) {
    for (String option : List.of("connection_string", "account_key", "sas_token")) {
      if (azureOptions.containsKey(option)) {
        return;
      }
    }
    for (String variable :
        List.of(
            "AZURE_STORAGE_CONNECTION_STRING", "AZURE_STORAGE_KEY", "AZURE_STORAGE_SAS_TOKEN")) {
      if (mounts.env(variable) != null || mounts.env(variable + "_FILE") != null) {
        return;
      }
    }
    Path connection = mounts.orMounted(null, MountPaths.AZURE_CONNECTION_STRING);
    Path sas = mounts.orMounted(null, MountPaths.AZURE_SAS_TOKEN);
    if (connection != null) {
      azureOptions.put("connection_string", readSecret(connection));
    } else if (sas != null) {
      azureOptions.put("sas_token", readSecret(sas));
    }
  }

  private static String readSecret(Path file) {
    try {
      return Files.readString(file, java.nio.charset.StandardCharsets.UTF_8).trim();
    } catch (java.io.IOException e) {
      throw new ConfigurationException("Cannot read mounted Secret file: " + file + " (" + e + ")");
    }
  }

  private static boolean looksLikeUrl(String value) {
    return value.contains("://") || value.startsWith("/") || value.startsWith(".");
  }

  private static boolean isSsh(String url) {
    return url.startsWith("ssh://") || url.startsWith("sftp://");
  }
}

package dev.cairn.steps.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.ConfigurationException;
import dev.cairn.core.remote.RemoteSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RemoteOptionsTest {
  private static final String SSH_REMOTE = "ssh://cairn@nfs.example.com/srv/dvc";

  @TempDir Path root;

  private static RemoteOptions options(String... args) {
    RemoteOptions options = new RemoteOptions();
    new CommandLine(options).parseArgs(args);
    return options;
  }

  private MountPaths mounts(Map<String, String> env) {
    return MountPaths.under(root, env, root.resolve("home"));
  }

  private Path write(Path file, String content) throws Exception {
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
    return file;
  }

  private Path mount(String mountPath, String content) throws Exception {
    return write(root.resolve(mountPath.substring(1)), content);
  }

  @Test
  void anSshRemoteWithoutKeyOrPasswordNamesTheRemoteSshSecret() {
    MountPaths pod = mounts(Map.of(MountPaths.REMOTE_SSH_SECRET_ENV, "cairn-remote-ssh"));
    assertThatThrownBy(() -> options("--remote", SSH_REMOTE).spec(Optional.empty(), pod))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "Cannot find an SSH key for "
                + SSH_REMOTE
                + ": the Secret \"cairn-remote-ssh\" (key ssh-privatekey) is not mounted at "
                + root.resolve("var/run/cairn/remote-ssh")
                + " (create it in the step's namespace with kubectl create secret generic"
                + " cairn-remote-ssh --from-file=ssh-privatekey=FILE, or give --remote-ssh-key)");
  }

  @Test
  void aMountedPasswordIsEnoughButKnownHostsAreStillRequired() throws Exception {
    mount(MountPaths.REMOTE_PASSWORD, "SENTINEL-PASSWORD");
    Path userKnownHosts = root.resolve("home/.ssh/known_hosts");
    assertThatThrownBy(
            () -> options("--remote", SSH_REMOTE).spec(Optional.empty(), mounts(Map.of())))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "Cannot find a known_hosts file for "
                + SSH_REMOTE
                + ": no --remote-known-hosts and no file at "
                + root.resolve("var/run/cairn/known-hosts/known_hosts")
                + " or "
                + userKnownHosts
                + " (give --remote-known-hosts, or mount a Secret with the key known_hosts at "
                + root.resolve("var/run/cairn/known-hosts")
                + ")")
        .hasMessageNotContaining("SENTINEL");

    write(userKnownHosts, "nfs.example.com ssh-ed25519 AAAA");
    RemoteSpec spec = options("--remote", SSH_REMOTE).spec(Optional.empty(), mounts(Map.of()));
    assertThat(spec.files().password()).isNotNull();
    assertThat(spec.files().knownHosts()).isNull();
  }

  @Test
  void mountedKeyAndKnownHostsAreUsed() throws Exception {
    Path key = mount(MountPaths.REMOTE_SSH_KEY, "not really a key");
    Path hosts = mount(MountPaths.REMOTE_KNOWN_HOSTS, "nfs.example.com ssh-ed25519 AAAA");
    RemoteSpec spec = options("--remote", SSH_REMOTE).spec(Optional.empty(), mounts(Map.of()));
    assertThat(spec.option("keyfile")).contains(key.toString());
    assertThat(spec.files().knownHosts()).isEqualTo(hosts);
  }

  @Test
  void aGivenFileThatIsMissingIsReportedBeforeWhatIsNotMounted() {
    Path password = root.resolve("no-password");
    assertThatThrownBy(
            () ->
                options("--remote", SSH_REMOTE, "--remote-password-file", password.toString())
                    .spec(Optional.empty(), mounts(Map.of())))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "Cannot read password file "
                + password
                + ": no such file (check --remote-password-file)");
  }

  @Test
  void otherRemotesNeedNoSshFiles() {
    RemoteSpec s3 = options("--remote", "s3://bucket/dvc").spec(Optional.empty(), mounts(Map.of()));
    assertThat(s3.option("keyfile")).isEmpty();
    RemoteSpec local =
        options("--remote", root.resolve("store").toString())
            .spec(Optional.empty(), mounts(Map.of()));
    assertThat(local.files().knownHosts()).isNull();
  }

  @Test
  void aMountedAwsCredentialsFileIsUsedForS3WhenNoVariableNamesOne() throws Exception {
    Path credentials = mount(MountPaths.AWS_CREDENTIALS, "[default]\naws_access_key_id = x\n");

    RemoteSpec s3 = options("--remote", "s3://bucket/dvc").spec(Optional.empty(), mounts(Map.of()));
    RemoteSpec named =
        options("--remote", "s3://bucket/dvc")
            .spec(
                Optional.empty(),
                mounts(Map.of("AWS_SHARED_CREDENTIALS_FILE", "/elsewhere/creds")));
    RemoteSpec local =
        options("--remote", root.resolve("store").toString())
            .spec(Optional.empty(), mounts(Map.of()));

    assertThat(s3.option("credentialpath")).contains(credentials.toString());
    assertThat(named.option("credentialpath")).isEmpty();
    assertThat(local.option("credentialpath")).isEmpty();
  }

  @Test
  void aMountedGcpKeyIsUsedForGcsWhenNoVariableNamesOne() throws Exception {
    Path key = mount(MountPaths.GCP_KEY, "{\"type\": \"service_account\"}");

    RemoteSpec gs = options("--remote", "gs://bucket/dvc").spec(Optional.empty(), mounts(Map.of()));
    RemoteSpec named =
        options("--remote", "gs://bucket/dvc")
            .spec(
                Optional.empty(),
                mounts(Map.of("GOOGLE_APPLICATION_CREDENTIALS", "/elsewhere/key.json")));
    RemoteSpec s3 = options("--remote", "s3://bucket/dvc").spec(Optional.empty(), mounts(Map.of()));

    assertThat(gs.option("credentialpath")).contains(key.toString());
    assertThat(named.option("credentialpath")).isEmpty();
    assertThat(s3.option("credentialpath")).isEmpty();
  }

  @Test
  void aMountedAzureConnectionStringWinsOverASasTokenUnlessTheEnvironmentGivesOne()
      throws Exception {
    mount(MountPaths.AZURE_SAS_TOKEN, "sv=1&sig=SENTINEL-SAS\n");
    RemoteSpec sasOnly =
        options("--remote", "azure://data/dvc").spec(Optional.empty(), mounts(Map.of()));
    assertThat(sasOnly.option("sas_token")).contains("sv=1&sig=SENTINEL-SAS");
    assertThat(sasOnly.toString()).doesNotContain("SENTINEL");

    mount(MountPaths.AZURE_CONNECTION_STRING, "BlobEndpoint=http://x;SharedAccessSignature=s");
    RemoteSpec both =
        options("--remote", "azure://data/dvc").spec(Optional.empty(), mounts(Map.of()));
    assertThat(both.option("connection_string"))
        .contains("BlobEndpoint=http://x;SharedAccessSignature=s");
    assertThat(both.option("sas_token")).isEmpty();

    RemoteSpec fromEnv =
        options("--remote", "azure://data/dvc")
            .spec(Optional.empty(), mounts(Map.of("AZURE_STORAGE_CONNECTION_STRING_FILE", "/x")));
    assertThat(fromEnv.options()).doesNotContainKeys("connection_string", "sas_token");
  }
}

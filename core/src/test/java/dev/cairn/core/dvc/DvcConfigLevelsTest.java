package dev.cairn.core.dvc;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.ConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** System and global config levels, {@code remote://} urls and {@code core.autostage}. */
class DvcConfigLevelsTest {
  @TempDir Path tmp;
  private Path dvcDir;
  private ConfigDirs dirs;

  @BeforeEach
  void setUp() throws Exception {
    dvcDir = Files.createDirectories(tmp.resolve("repo/.dvc"));
    dirs = new ConfigDirs(tmp.resolve("system"), tmp.resolve("global"));
  }

  private static void write(Path file, String text) throws Exception {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, UTF_8);
  }

  @Test
  void load_allFourLevels_mergedSystemGlobalRepoLocal() throws Exception {
    write(
        dirs.system().resolve("config"),
        """
        [core]
            remote = sys
            autostage = true
        ['remote "sys"']
            url = s3://system/dvc
            region = eu-west-1
        [cache]
            type = copy
        """);
    write(
        dirs.global().resolve("config"),
        """
        [core]
            remote = shared
        ['remote "shared"']
            url = s3://team/dvc
            profile = sso-dev
        ['remote "sys"']
            region = eu-central-1
        [cache]
            dir = cache-from-global
        """);
    write(dvcDir.resolve("config"), "['remote \"shared\"']\n    endpointurl = http://s3.local\n");
    write(dvcDir.resolve("config.local"), "['remote \"shared\"']\n    profile = mine\n");

    DvcConfig config = DvcConfig.load(dvcDir, dirs);

    assertThat(config.defaultRemoteName()).contains("shared");
    assertThat(config.remoteNames()).containsExactlyInAnyOrder("sys", "shared");
    assertThat(config.defaultRemote().options())
        .containsEntry("url", "s3://team/dvc")
        .containsEntry("endpointurl", "http://s3.local")
        .containsEntry("profile", "mine");
    assertThat(config.remote("sys").options()).containsEntry("region", "eu-central-1");
    assertThat(config.autostage()).isTrue();
    assertThat(config.cacheTypes()).containsExactly("copy");
    // a relative path is read against the folder of the file that sets it, as DVC does
    assertThat(config.cacheDir())
        .isEqualTo(dirs.global().toAbsolutePath().resolve("cache-from-global"));
  }

  @Test
  void load_relativeRemotePathInGlobalConfig_resolvedAgainstGlobalFolder() throws Exception {
    write(dirs.global().resolve("config"), "['remote \"nas\"']\n    url = ../store\n");

    assertThat(DvcConfig.load(dvcDir, dirs).remote("nas").url())
        .isEqualTo(tmp.toAbsolutePath().resolve("store").toString());
  }

  @Test
  void remote_remoteReference_joinsBaseUrlAndMergesOptions() throws Exception {
    write(
        dvcDir.resolve("config"),
        """
        ['remote "server"']
            url = ssh://box/srv/dvc
            user = root
            port = 2222
        ['remote "images"']
            url = remote://server/tmp/pictures
            user = alice
        ['remote "nested"']
            url = remote://images/2024
        """);

    DvcConfig config = DvcConfig.load(dvcDir, dirs);

    RemoteConfig images = config.remote("images");
    assertThat(images.url()).isEqualTo("ssh://box/srv/dvc/tmp/pictures");
    assertThat(images.options())
        .containsEntry("url", "ssh://box/srv/dvc/tmp/pictures")
        .containsEntry("user", "alice")
        .containsEntry("port", "2222");
    assertThat(config.remote("nested").url()).isEqualTo("ssh://box/srv/dvc/tmp/pictures/2024");
  }

  @Test
  void remote_localBaseReference_isResolvedAgainstDvcDir() throws Exception {
    write(
        dvcDir.resolve("config"),
        "['remote \"base\"']\n    url = ../../store\n['remote \"sub\"']\n    url = remote://base/a\n");

    assertThat(DvcConfig.load(dvcDir, dirs).remote("sub").url())
        .isEqualTo(tmp.toAbsolutePath().resolve("store") + "/a");
  }

  @Test
  void remote_referenceLoop_isOneLineConfigurationError() throws Exception {
    write(
        dvcDir.resolve("config"),
        "['remote \"a\"']\n    url = remote://b/x\n['remote \"b\"']\n    url = remote://a/y\n");

    assertThatThrownBy(() -> DvcConfig.load(dvcDir, dirs).remote("a"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("loop: a -> b -> a");
    assertThatThrownBy(
            () -> {
              write(dvcDir.resolve("config"), "['remote \"a\"']\n    url = remote://nope/x\n");
              DvcConfig.load(dvcDir, dirs).remote("a");
            })
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("Cannot find DVC remote: nope");
  }

  @Test
  void autostage_unsetOrFalse_isFalse() throws Exception {
    assertThat(DvcConfig.load(dvcDir, dirs).autostage()).isFalse();
    write(dvcDir.resolve("config"), "[core]\n    autostage = False\n");
    assertThat(DvcConfig.load(dvcDir, dirs).autostage()).isFalse();
  }

  @Test
  void configDirs_followDvcAndPlatformdirs() {
    Map<String, String> env = Map.of();
    ConfigDirs linux = ConfigDirs.of(env::get, "Linux", "/home/u");
    assertThat(linux.global()).isEqualTo(Path.of("/home/u/.config/dvc"));
    assertThat(linux.system()).isEqualTo(Path.of("/etc/xdg/dvc"));

    Map<String, String> xdg =
        Map.of("XDG_CONFIG_HOME", "/x/home", "XDG_CONFIG_DIRS", "/x/sys1:/x/sys2");
    ConfigDirs withXdg = ConfigDirs.of(xdg::get, "Linux", "/home/u");
    assertThat(withXdg.global()).isEqualTo(Path.of("/x/home/dvc"));
    assertThat(withXdg.system()).isEqualTo(Path.of("/x/sys1/dvc"));

    Map<String, String> dvcEnv =
        Map.of(
            "DVC_GLOBAL_CONFIG_DIR", "/d/global",
            "DVC_SYSTEM_CONFIG_DIR", "/d/system",
            "XDG_CONFIG_HOME", "/x/home");
    ConfigDirs overridden = ConfigDirs.of(dvcEnv::get, "Linux", "/home/u");
    assertThat(overridden.global()).isEqualTo(Path.of("/d/global"));
    assertThat(overridden.system()).isEqualTo(Path.of("/d/system"));

    ConfigDirs mac = ConfigDirs.of(env::get, "Mac OS X", "/Users/u");
    assertThat(mac.global()).isEqualTo(Path.of("/Users/u/Library/Application Support/dvc"));
  }
}

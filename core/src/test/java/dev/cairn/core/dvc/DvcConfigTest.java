package dev.cairn.core.dvc;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.ConfigurationException;
import dev.cairn.core.InvalidInputException;
import dev.cairn.core.dvc.DvcConfig.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DvcConfigTest {
  @TempDir Path repo;
  private Path dvcDir;

  @BeforeEach
  void setUp() throws Exception {
    dvcDir = Files.createDirectories(repo.resolve(".dvc"));
  }

  private void write(String name, String text) throws Exception {
    Files.writeString(dvcDir.resolve(name), text, UTF_8);
  }

  @Test
  void load_repoAndLocal_localWinsKeyByKeyAndNamesAreLowercased() throws Exception {
    write(
        "config",
        """
        # a comment
        [Core]
            Remote = MyStore  # inline comment
        ['remote "MyStore"']
            url = s3://bucket/dvc
            region = eu-west-1
        [remote "nas"]
            url = ../../nas/store
            keyfile = keys/id
        """);
    write(
        "config.local",
        """
        ['remote "mystore"']
            region = us-east-1
            profile = ci
        """);

    DvcConfig config = DvcConfig.load(dvcDir);

    assertThat(config.defaultRemoteName()).contains("mystore");
    assertThat(config.remoteNames()).containsExactly("mystore", "nas");
    RemoteConfig store = config.defaultRemote();
    assertThat(store.url()).isEqualTo("s3://bucket/dvc");
    assertThat(store.options())
        .containsExactly(
            java.util.Map.entry("url", "s3://bucket/dvc"),
            java.util.Map.entry("region", "us-east-1"),
            java.util.Map.entry("profile", "ci"));
    RemoteConfig nas = config.remote("NAS");
    Path dvcAbs = dvcDir.toAbsolutePath();
    assertThat(nas.url()).isEqualTo(dvcAbs.resolve("../../nas/store").normalize().toString());
    assertThat(nas.options().get("keyfile")).isEqualTo(dvcAbs.resolve("keys/id").toString());
  }

  @Test
  void load_pathsAndHome_resolvedLikeDvc() throws Exception {
    write(
        "config",
        """
        [cache]
            dir = ../shared-cache
        ['remote "home"']
            url = ~/dvc-store
            credentialpath = /etc/creds
        ['remote "ref"']
            url = remote://home/sub
        """);

    DvcConfig config = DvcConfig.load(dvcDir);

    assertThat(config.cacheDir()).isEqualTo(repo.toAbsolutePath().resolve("shared-cache"));
    assertThat(config.remote("home").url())
        .isEqualTo(System.getProperty("user.home") + "/dvc-store");
    assertThat(config.remote("home").options()).containsEntry("credentialpath", "/etc/creds");
    // remote://NAME/sub refers to another remote, as dvc/fs/__init__.py resolves it
    assertThat(config.remote("ref").url())
        .isEqualTo(System.getProperty("user.home") + "/dvc-store/sub");
  }

  @Test
  void cacheTypes_defaultAndListAndQuotedForms() throws Exception {
    assertThat(DvcConfig.load(dvcDir).cacheTypes()).containsExactly("reflink", "copy");
    assertThat(DvcConfig.load(dvcDir).cacheDir())
        .isEqualTo(dvcDir.toAbsolutePath().resolve("cache"));

    write("config", "[cache]\n    type = hardlink, symlink\n");
    assertThat(DvcConfig.load(dvcDir).cacheTypes()).containsExactly("hardlink", "symlink");

    write("config", "[cache]\n    type = \"reflink,copy\"\n");
    assertThat(DvcConfig.load(dvcDir).cacheTypes()).containsExactly("reflink", "copy");

    write("config", "[cache]\n    type = copy\n");
    assertThat(DvcConfig.load(dvcDir).cacheTypes()).containsExactly("copy");

    write("config", "[cache]\n    type = teleport\n");
    assertThatThrownBy(() -> DvcConfig.load(dvcDir).cacheTypes())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("teleport");
  }

  @Test
  void remote_missing_listsConfiguredRemotes() throws Exception {
    write("config", "['remote \"a\"']\n    url = s3://a\n['remote \"b\"']\n    url = s3://b\n");

    assertThatThrownBy(() -> DvcConfig.load(dvcDir).remote("c"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "Cannot find DVC remote: c (configured remotes: a, b; add it with dvc remote add)");
    assertThatThrownBy(() -> DvcConfig.load(dvcDir).defaultRemote())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("core.remote is not set (configured remotes: a, b;");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "[core\n    remote = x\n",
        "[core]\n    remote\n",
        "[core]\n    remote = x\n    remote = y\n",
        "[core]\n[core]\n",
        "[[sub]]\n    a = b\n",
        "[core]\n    remote = \"unclosed\n",
        "[core]\n    remote = '''x'''\n",
      })
  void load_malformed_throwsInvalidInputNamingFileAndLine(String text) throws Exception {
    write("config", text);

    assertThatThrownBy(() -> DvcConfig.load(dvcDir))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("Cannot read DVC config: " + dvcDir.resolve("config") + " (line ");
  }

  @Test
  void setRemoteAndDefault_writesDvcLayout() throws Exception {
    DvcConfig.setRemote(dvcDir, Level.REPO, "MyR", "../../rem");
    DvcConfig.setDefaultRemote(dvcDir, Level.REPO, "MyR");
    DvcConfig.setRemoteOption(dvcDir, Level.REPO, "myr", "jobs", "4");
    DvcConfig.set(dvcDir, Level.REPO, "cache", "type", "hardlink,copy");

    // the bytes dvc 3.67.1 writes for: remote add -d myr ../rem; remote modify myr jobs 4;
    // config cache.type hardlink,copy
    assertThat(Files.readString(dvcDir.resolve("config")))
        .isEqualTo(
            """
            [core]
                remote = myr
            [cache]
                type = "hardlink,copy"
            ['remote "myr"']
                url = ../../rem
                jobs = 4
            """);
    DvcConfig config = DvcConfig.load(dvcDir);
    assertThat(config.defaultRemote().options()).containsEntry("jobs", "4");
    assertThat(config.cacheTypes()).containsExactly("hardlink", "copy");
  }

  @Test
  void set_inExistingFile_keepsOtherSectionsAndQuotesLikeConfigObj() throws Exception {
    write(
        "config.local",
        "[core]\n    autostage = true\n['remote \"s3\"']\n    url = s3://b/p\n[cache]\n"
            + "    type = reflink, copy\n");

    DvcConfig.setRemoteOption(dvcDir, Level.LOCAL, "s3", "profile", "a#b");
    DvcConfig.set(dvcDir, Level.LOCAL, "core", "check_update", " spaced");
    DvcConfig.set(dvcDir, Level.LOCAL, "state", "note", "say \"hi\"");
    DvcConfig.unset(dvcDir, Level.LOCAL, "core", "autostage");

    assertThat(Files.readString(dvcDir.resolve("config.local")))
        .isEqualTo(
            """
            [core]
                check_update = " spaced"
            [cache]
                type = reflink, copy
            [state]
                note = 'say "hi"'
            ['remote "s3"']
                url = s3://b/p
                profile = "a#b"
            """);
    assertThat(DvcConfig.load(dvcDir).remote("s3").options()).containsEntry("profile", "a#b");
    assertThat(Files.exists(dvcDir.resolve("config"))).isFalse();
  }

  @Test
  void quote_followsConfigObjRules() {
    assertThat(ConfigObjFile.quote("", true)).isEqualTo("\"\"");
    assertThat(ConfigObjFile.quote("plain", true)).isEqualTo("plain");
    assertThat(ConfigObjFile.quote("a,b", true)).isEqualTo("\"a,b\"");
    assertThat(ConfigObjFile.quote("remote \"x\"", false)).isEqualTo("'remote \"x\"'");
    assertThat(ConfigObjFile.parseValue("a, 'b c' , \"d\"")).isEqualTo(List.of("a", "b c", "d"));
    assertThat(ConfigObjFile.parseValue("a,")).isEqualTo(List.of("a"));
    assertThat(ConfigObjFile.parseValue("\"x # y\" # c")).isEqualTo("x # y");
    assertThat(ConfigObjFile.parseValue("")).isEqualTo("");
  }

  @Test
  void setRemote_badName_isRejected() {
    assertThatThrownBy(() -> DvcConfig.setRemote(dvcDir, Level.REPO, "a\"b", "s3://x"))
        .isInstanceOf(InvalidInputException.class);
  }
}

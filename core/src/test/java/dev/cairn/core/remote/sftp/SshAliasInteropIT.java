package dev.cairn.core.remote.sftp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.Progress;
import dev.cairn.core.ops.Add;
import dev.cairn.core.ops.DataSync;
import dev.cairn.core.ops.Materialize;
import dev.cairn.core.ops.Workspace;
import dev.cairn.core.remote.RemoteSpec;
import dev.cairn.core.testing.InteropTools;
import dev.cairn.core.testing.ProcessRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ssh://box/path} where {@code box} is a {@code Host} of the user's SSH config: the real
 * {@code dvc} (dvc-ssh) and Cairn resolve it to the same OpenSSH server (HostName, User, Port,
 * IdentityFile), and each pulls what the other pushed. Runs with {@code -Pinterop}.
 */
class SshAliasInteropIT {
  @TempDir Path tmp;

  @Test
  void hostAlias_dvcAndCairnPushAndPullThroughIt() throws Exception {
    try (OpenSshServer sshd = new OpenSshServer(Files.createDirectories(tmp.resolve("sshd")))) {
      Path home = tmp.resolve("home");
      Path ssh = Files.createDirectories(home.resolve(".ssh"));
      Files.copy(sshd.knownHosts, ssh.resolve("known_hosts"));
      Files.writeString(
          ssh.resolve("config"),
          "Host box\n  HostName 127.0.0.1\n  Port "
              + sshd.port
              + "\n  User "
              + sshd.user
              + "\n  IdentityFile "
              + sshd.userKey
              + "\n",
          UTF_8);
      Path store = Files.createDirectories(tmp.resolve("store"));
      String url = "ssh://box" + store;
      Map<String, String> env = Map.of("HOME", home.toString());
      Path dvc = InteropTools.require("dvc");

      Path dvcRepo = Files.createDirectories(tmp.resolve("dvc-repo"));
      run(dvc, dvcRepo, env, "init", "--no-scm");
      run(dvc, dvcRepo, env, "remote", "add", "-d", "box", url);
      Files.writeString(dvcRepo.resolve("from-dvc.txt"), "pushed by dvc\n", UTF_8);
      run(dvc, dvcRepo, env, "add", "from-dvc.txt");
      run(dvc, dvcRepo, env, "push");

      Path cairnRepo = tmp.resolve("cairn-repo");
      Files.createDirectories(cairnRepo.resolve(".dvc"));
      Files.copy(dvcRepo.resolve(".dvc/config"), cairnRepo.resolve(".dvc/config"));
      Files.copy(dvcRepo.resolve("from-dvc.txt.dvc"), cairnRepo.resolve("from-dvc.txt.dvc"));
      Files.writeString(cairnRepo.resolve("from-cairn.txt"), "pushed by cairn\n", UTF_8);
      System.setProperty(SshHostConfig.CONFIG_PROPERTY, ssh.resolve("config").toString());
      DataSync.Options options =
          DataSync.Options.defaults()
              .withFiles(new RemoteSpec.Files(ssh.resolve("known_hosts"), null, null));
      try (Workspace workspace = Workspace.open(cairnRepo)) {
        DataSync.fetch(workspace, List.of(), options);
        Materialize.run(workspace, List.of(), false, Progress.NONE);
        Add.run(workspace, List.of(cairnRepo.resolve("from-cairn.txt")), Progress.NONE);
        DataSync.push(workspace, List.of(), options);
      } finally {
        System.clearProperty(SshHostConfig.CONFIG_PROPERTY);
      }
      assertThat(cairnRepo.resolve("from-dvc.txt")).hasContent("pushed by dvc");

      Files.copy(cairnRepo.resolve("from-cairn.txt.dvc"), dvcRepo.resolve("from-cairn.txt.dvc"));
      run(dvc, dvcRepo, env, "pull", "from-cairn.txt.dvc");
      assertThat(dvcRepo.resolve("from-cairn.txt")).hasContent("pushed by cairn");
      assertThat(run(dvc, dvcRepo, env, "status", "--cloud", "--json").stdout().strip())
          .isEqualTo("{}");
    }
  }

  private static ProcessRunner.Result run(
      Path dvc, Path dir, Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>();
    command.add(dvc.toString());
    command.addAll(List.of(args));
    return ProcessRunner.run(dir, command, env).assertOk();
  }
}

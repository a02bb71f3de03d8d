package dev.cairn.core.git;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.AbstractCommandSupport;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.command.CommandFactory;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.UploadPack;

/**
 * A real Git-over-SSH server in-process: Apache MINA SSHD on 127.0.0.1, public-key auth only, whose
 * command factory runs JGit's UploadPack/ReceivePack on bare repositories under a root.
 */
public final class GitSshServer implements AutoCloseable {
  private final SshServer server;
  private final Path root;
  private final Set<String> protectedBranches = new CopyOnWriteArraySet<>();
  private volatile java.util.function.Consumer<java.util.List<String>> onPush = refs -> {};
  private final Set<PublicKey> authorized = new HashSet<>();
  private final PublicKey hostKey;

  private GitSshServer(Path root, Path work) throws IOException {
    this.root = root;
    server = SshServer.setUpDefaultServer();
    server.setHost("127.0.0.1");
    server.setPort(0);
    SimpleGeneratorHostKeyProvider keys =
        new SimpleGeneratorHostKeyProvider(work.resolve("hostkey.ser"));
    keys.setAlgorithm(KeyUtils.EC_ALGORITHM);
    server.setKeyPairProvider(keys);
    server.setPasswordAuthenticator(null);
    server.setKeyboardInteractiveAuthenticator(null);
    server.setPublickeyAuthenticator(
        (user, key, session) -> authorized.stream().anyMatch(k -> KeyUtils.compareKeys(k, key)));
    server.setCommandFactory(new GitCommands());
    server.start();
    this.hostKey = keys.loadKeys(null).iterator().next().getPublic();
  }

  /**
   * Starts a server serving bare repositories under {@code root}; state files go to {@code work}.
   */
  public static GitSshServer start(Path root, Path work) {
    try {
      Files.createDirectories(root);
      Files.createDirectories(work);
      return new GitSshServer(root, work);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return server.getPort();
  }

  /** {@code ssh://git@127.0.0.1:port/<name>}. */
  public String url(String name) {
    return "ssh://git@127.0.0.1:" + port() + "/" + name;
  }

  /** Creates a bare repository {@code name} with one commit on {@code branch}. */
  public Path createRepository(String name, String branch) {
    Path dir = root.resolve(name);
    try (Git git =
        Git.init()
            .setBare(false)
            .setDirectory(dir.resolveSibling(name + ".seed").toFile())
            .setInitialBranch(branch)
            .call()) {
      Path readme = git.getRepository().getWorkTree().toPath().resolve("README.md");
      Files.writeString(readme, "registry\n");
      git.add().addFilepattern("README.md").call();
      git.commit()
          .setMessage("init")
          .setAuthor("seed", "seed@localhost")
          .setCommitter("seed", "seed@localhost")
          .call();
      Git.cloneRepository()
          .setBare(true)
          .setURI(git.getRepository().getDirectory().toURI().toString())
          .setDirectory(dir.toFile())
          .call()
          .close();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return dir;
  }

  /** Creates an empty bare repository. */
  public Path createEmptyRepository(String name) {
    Path dir = root.resolve(name);
    try {
      Git.init().setBare(true).setDirectory(dir.toFile()).setInitialBranch("main").call().close();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return dir;
  }

  /** Pushes to this branch are refused by a pre-receive hook, as on a hosted protected branch. */
  /**
   * Runs {@code hook} in the server's pre-receive hook of every push, with the pushed ref names,
   * before any ref is updated: a hook that blocks opens a race window a real server's round trip
   * would open.
   */
  public void onPush(java.util.function.Consumer<java.util.List<String>> hook) {
    this.onPush = hook;
  }

  public void protect(String branch) {
    protectedBranches.add("refs/heads/" + branch);
  }

  /** Generates a client key pair, authorizes it, and writes it as an OpenSSH private key file. */
  public Path newAuthorizedKey(Path file) {
    Path key = newKey(file);
    return key;
  }

  /** Generates a key that is NOT authorized. */
  public Path newUnauthorizedKey(Path file) {
    return writeKey(file, generate());
  }

  /** This server's host key. */
  public PublicKey hostKey() {
    return hostKey;
  }

  /** A new key of the same type (and curve) as the host key: what a reinstalled server has. */
  public PublicKey anotherHostKeyOfTheSameType() {
    try {
      KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
      gen.initialize(((java.security.interfaces.ECPublicKey) hostKey).getParams());
      return gen.generateKeyPair().getPublic();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A known_hosts file listing this server's host key. */
  public Path knownHosts(Path file) {
    try {
      Files.writeString(
          file,
          "[127.0.0.1]:" + port() + " " + PublicKeyEntry.toString(hostKey) + "\n",
          StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Path newKey(Path file) {
    KeyPair pair = generate();
    authorized.add(pair.getPublic());
    return writeKey(file, pair);
  }

  private static KeyPair generate() {
    try {
      KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
      gen.initialize(256);
      return gen.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Path writeKey(Path file, KeyPair pair) {
    try (OutputStream out = Files.newOutputStream(file)) {
      OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, "cairn-test", null, out);
      return file;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    try {
      server.stop(true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private final class GitCommands implements CommandFactory {
    @Override
    public Command createCommand(ChannelSession channel, String command) {
      return new GitCommand(command);
    }
  }

  private final class GitCommand extends AbstractCommandSupport {
    GitCommand(String command) {
      super(command, null);
    }

    @Override
    public void run() {
      List<String> args = CommandFactory.split(getCommand());
      try {
        if (args.size() != 2) {
          throw new IOException("unsupported command: " + getCommand());
        }
        String path = args.get(1).replace("'", "");
        while (path.startsWith("/")) {
          path = path.substring(1);
        }
        Path dir = root.resolve(path).normalize();
        if (!dir.startsWith(root) || !Files.isDirectory(dir)) {
          getErrorStream()
              .write(
                  ("fatal: '" + path + "' does not appear to be a git repository\n")
                      .getBytes(StandardCharsets.UTF_8));
          getErrorStream().flush();
          onExit(128, "no repository");
          return;
        }
        try (Repository repo =
            new FileRepositoryBuilder().setGitDir(dir.toFile()).setMustExist(true).build()) {
          switch (args.get(0)) {
            case "git-upload-pack" ->
                new UploadPack(repo).upload(getInputStream(), getOutputStream(), getErrorStream());
            case "git-receive-pack" -> {
              ReceivePack receive = new ReceivePack(repo);
              receive.setAtomic(true);
              receive.setAllowNonFastForwards(false);
              receive.setPreReceiveHook(
                  (rp, commands) -> {
                    onPush.accept(commands.stream().map(ReceiveCommand::getRefName).toList());
                    for (ReceiveCommand c : commands) {
                      if (protectedBranches.contains(c.getRefName())) {
                        c.setResult(
                            ReceiveCommand.Result.REJECTED_OTHER_REASON, "protected branch");
                      }
                    }
                  });
              receive.receive(getInputStream(), getOutputStream(), getErrorStream());
            }
            default -> throw new IOException("unsupported command: " + args.get(0));
          }
        }
        onExit(0);
      } catch (IOException e) {
        onExit(1, String.valueOf(e.getMessage()));
      }
    }
  }
}

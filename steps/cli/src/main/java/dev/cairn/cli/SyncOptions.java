package dev.cairn.cli;

import dev.cairn.core.Progress;
import dev.cairn.core.ops.DataSync;
import dev.cairn.core.remote.RemoteSpec;
import dev.cairn.steps.common.JobsOption;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Targets, remote and parallelism for push, fetch, pull and status. */
final class SyncOptions {
  @Parameters(
      arity = "0..*",
      paramLabel = "TARGET",
      description = "Tracked paths or .dvc files (default: every .dvc file in the repository).")
  List<Path> targets = List.of();

  @Option(
      names = {"-r", "--remote"},
      paramLabel = "NAME",
      description = "Remote to use (default: core.remote).")
  @Nullable String remote;

  @Mixin JobsOption jobs = new JobsOption();

  @Option(
      names = "--remote-known-hosts",
      paramLabel = "FILE",
      defaultValue = "${env:CAIRN_REMOTE_KNOWN_HOSTS}",
      description =
          "SSH remotes: known_hosts file (default ~/.ssh/known_hosts). Env:"
              + " CAIRN_REMOTE_KNOWN_HOSTS.")
  @Nullable Path knownHosts;

  @Option(
      names = "--remote-key-passphrase-file",
      paramLabel = "FILE",
      defaultValue = "${env:CAIRN_REMOTE_KEY_PASSPHRASE_FILE}",
      description =
          "SSH remotes: file with the passphrase of an encrypted key. Env:"
              + " CAIRN_REMOTE_KEY_PASSPHRASE_FILE.")
  @Nullable Path keyPassphraseFile;

  @Option(
      names = "--remote-password-file",
      paramLabel = "FILE",
      defaultValue = "${env:CAIRN_REMOTE_PASSWORD_FILE}",
      description =
          "SSH remotes: file with the password (fallback after keys). Env:"
              + " CAIRN_REMOTE_PASSWORD_FILE.")
  @Nullable Path passwordFile;

  // the spellings before the steps' --remote-* ones, kept for scripts (README "Remotes")
  @Option(names = "--ssh-known-hosts", hidden = true, defaultValue = "${env:CAIRN_SSH_KNOWN_HOSTS}")
  @Nullable Path oldKnownHosts;

  @Option(
      names = "--ssh-key-passphrase-file",
      hidden = true,
      defaultValue = "${env:CAIRN_SSH_KEY_PASSPHRASE_FILE}")
  @Nullable Path oldKeyPassphraseFile;

  @Option(
      names = "--ssh-password-file",
      hidden = true,
      defaultValue = "${env:CAIRN_SSH_PASSWORD_FILE}")
  @Nullable Path oldPasswordFile;

  DataSync.Options options(Progress progress) {
    return new DataSync.Options(
        remote,
        jobs.jobs(),
        progress,
        new RemoteSpec.Files(
            either(knownHosts, oldKnownHosts),
            either(keyPassphraseFile, oldKeyPassphraseFile),
            either(passwordFile, oldPasswordFile)));
  }

  private static @Nullable Path either(@Nullable Path given, @Nullable Path old) {
    return given != null ? given : old;
  }
}

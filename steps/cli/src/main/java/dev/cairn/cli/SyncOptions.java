package dev.cairn.cli;

import dev.cairn.core.Progress;
import dev.cairn.core.ops.DataSync;
import dev.cairn.core.ops.RemoteFiles;
import dev.cairn.core.transfer.Transfer;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;
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

  @Option(
      names = {"-j", "--jobs"},
      paramLabel = "N",
      description = "Parallel transfers (default: 4 x cores).")
  int jobs = Transfer.DEFAULT_JOBS;

  @Option(
      names = "--ssh-known-hosts",
      paramLabel = "FILE",
      defaultValue = "${env:CAIRN_SSH_KNOWN_HOSTS}",
      description = "SSH remotes: known_hosts file (default ~/.ssh/known_hosts).")
  @Nullable Path knownHosts;

  @Option(
      names = "--ssh-key-passphrase-file",
      paramLabel = "FILE",
      defaultValue = "${env:CAIRN_SSH_KEY_PASSPHRASE_FILE}",
      description = "SSH remotes: file with the passphrase of an encrypted keyfile.")
  @Nullable Path keyPassphraseFile;

  @Option(
      names = "--ssh-password-file",
      paramLabel = "FILE",
      defaultValue = "${env:CAIRN_SSH_PASSWORD_FILE}",
      description = "SSH remotes: file with the password (fallback after keys).")
  @Nullable Path passwordFile;

  DataSync.Options options(Progress progress) {
    if (jobs < 1 || jobs > 1024) {
      throw new dev.cairn.core.InvalidInputException(
          "Cannot use --jobs " + jobs + ": give a number from 1 to 1024");
    }
    return new DataSync.Options(
        remote, jobs, progress, new RemoteFiles(knownHosts, keyPassphraseFile, passwordFile));
  }
}

package dev.cairn.steps.common;

import dev.cairn.core.registry.Bump;
import dev.cairn.core.registry.Lineage;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * How a new version is numbered and described: the bump, the tag message and the code it came from.
 */
public final class VersioningOptions {
  @Option(
      names = "--bump",
      paramLabel = "PART",
      defaultValue = "${env:CAIRN_BUMP}",
      description =
          "Version part to increment: major, minor or patch (default: patch; the first version is"
              + " v0.0.1). Env: CAIRN_BUMP.")
  private @Nullable Bump bump;

  @Option(
      names = "--message",
      paramLabel = "TEXT",
      defaultValue = "${env:CAIRN_MESSAGE}",
      description = "Tag message (default: names the step and the run). Env: CAIRN_MESSAGE.")
  private @Nullable String message;

  @Option(
      names = "--code-rev",
      paramLabel = "REV",
      defaultValue = "${env:CAIRN_CODE_REV}",
      description =
          "Commit of the code that produced this version, for lineage. Env: CAIRN_CODE_REV.")
  private @Nullable String codeRev;

  @Option(
      names = "--code-repo",
      paramLabel = "URL",
      defaultValue = "${env:CAIRN_CODE_REPO}",
      description = "Repository of that code (default: the --git-url). Env: CAIRN_CODE_REPO.")
  private @Nullable String codeRepo;

  @Option(
      names = "--follow-external-links",
      defaultValue = "${env:CAIRN_FOLLOW_EXTERNAL_LINKS:-false}",
      description =
          "Hash and upload the files that symbolic links in the data or model point to outside it"
              + " (refused by default: such a link can expose a mounted Secret)."
              + " Env: CAIRN_FOLLOW_EXTERNAL_LINKS.")
  private boolean followExternalLinks;

  @Option(
      names = "--rehash-all",
      defaultValue = "${env:CAIRN_REHASH_ALL:-false}",
      description =
          "Read and hash every file, trusting neither the work directory's hash state nor the"
              + " previous version's stat index (a fresh index is still stored)."
              + " Env: CAIRN_REHASH_ALL.")
  private boolean rehashAll;

  /** Whether every file is read and hashed again. */
  public boolean rehashAll() {
    return rehashAll;
  }

  /** Whether links leaving the versioned directory are followed. */
  public boolean followExternalLinks() {
    return followExternalLinks;
  }

  /** The part to bump, or null for the default. */
  public @Nullable Bump bump() {
    return bump;
  }

  /** The tag message given, or {@code fallback}. */
  public String messageOr(String fallback) {
    return message == null || message.isBlank() ? fallback : message;
  }

  /**
   * The code lineage, or null without {@code --code-rev}; the repository defaults to {@code
   * gitUrl}.
   */
  public Lineage.@Nullable Code code(@Nullable String gitUrl) {
    if (codeRev == null || codeRev.isBlank()) {
      return null;
    }
    UrlCredentials.refuse(
        codeRepo, "--code-repo", "it is written into the version's lineage; give the plain URL");
    String repo = codeRepo != null && !codeRepo.isBlank() ? codeRepo : gitUrl;
    return new Lineage.Code(repo == null ? "" : repo, codeRev.strip());
  }
}

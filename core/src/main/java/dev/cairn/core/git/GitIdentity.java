package dev.cairn.core.git;

/** Author, committer and tagger of what Cairn writes. */
public record GitIdentity(String name, String email) {
  public GitIdentity {
    if (name.isBlank() || name.contains("\n") || email.contains("\n") || email.contains(">")) {
      throw new IllegalArgumentException("Cannot use Git identity: '" + name + " <" + email + ">'");
    }
  }

  /** The identity used when none is configured. */
  public static GitIdentity cairn() {
    return new GitIdentity("cairn", "cairn@localhost");
  }
}

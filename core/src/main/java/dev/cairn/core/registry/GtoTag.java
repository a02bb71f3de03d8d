package dev.cairn.core.registry;

import dev.cairn.core.InvalidInputException;
import java.math.BigInteger;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A GTO tag name, parsed: {@code name@v1.2.3} (register), {@code name@v1.2.3!} (deregister), {@code
 * name#stage#N} (assign), {@code name#stage!#N} (unassign), {@code name@deprecated} (deprecate),
 * each optionally followed by {@code #N}. The grammar is GTO 1.10's {@code tag_re}. A monorepo name
 * {@code dir:name} is written {@code dir=name} in the tag.
 *
 * @param artifact the artifact name as the user writes it ({@code dir:name} for monorepo names)
 * @param version the version text for register/deregister, else null
 * @param stage the stage for assign/unassign, else null
 * @param counter the {@code #N} suffix, or null for the simple form; of any size, as gto reads it
 *     with Python's unbounded {@code int} (a crafted {@code #99999999999999999999999} is a counter
 *     like any other)
 */
public record GtoTag(
    String artifact,
    TagAction action,
    @Nullable String version,
    @Nullable String stage,
    @Nullable BigInteger counter) {

  static final String NAME = "[a-zA-Z0-9](?:[a-zA-Z0-9\\-/_]*[a-zA-Z0-9])?";
  static final String DIRNAME = "[a-zA-Z0-9\\-_./]+";
  private static final Pattern NAME_RE = Pattern.compile(NAME);
  private static final Pattern FULLNAME_RE = Pattern.compile("(?:" + DIRNAME + ":)?" + NAME);
  private static final Pattern TAG_RE =
      Pattern.compile(
          "(?<artifact>(?:"
              + DIRNAME
              + "=)?"
              + NAME
              + ")(?:(?:(?:#(?<stage>"
              + NAME
              + ")|@(?<version>v"
              + SemVer.CORE_REGEX
              + "))(?<cancel>!?))|@(?:(?<deprecated>deprecated)|(?<created>created)))(?:#(?<counter>[0-9]+))?");

  public GtoTag {
    checkFullName(artifact);
    switch (action) {
      case REGISTER, DEREGISTER -> {
        if (version == null || stage != null) {
          throw new IllegalArgumentException("Cannot build " + action + " tag without a version");
        }
        SemVer.parse(version);
      }
      case ASSIGN, UNASSIGN -> {
        if (stage == null || version != null) {
          throw new IllegalArgumentException("Cannot build " + action + " tag without a stage");
        }
        checkStage(stage);
      }
      case DEPRECATE, CREATE -> {
        if (stage != null || version != null) {
          throw new IllegalArgumentException("Cannot build " + action + " tag with a version");
        }
      }
    }
    if (counter != null && counter.signum() < 0) {
      throw new IllegalArgumentException("Cannot build tag with negative counter " + counter);
    }
  }

  public static GtoTag register(String artifact, String version) {
    return new GtoTag(artifact, TagAction.REGISTER, version, null, null);
  }

  public static GtoTag deregister(String artifact, String version, @Nullable BigInteger counter) {
    return new GtoTag(artifact, TagAction.DEREGISTER, version, null, counter);
  }

  public static GtoTag assign(String artifact, String stage, BigInteger counter) {
    return new GtoTag(artifact, TagAction.ASSIGN, null, stage, counter);
  }

  public static GtoTag unassign(String artifact, String stage, BigInteger counter) {
    return new GtoTag(artifact, TagAction.UNASSIGN, null, stage, counter);
  }

  public static GtoTag deprecate(String artifact, @Nullable BigInteger counter) {
    return new GtoTag(artifact, TagAction.DEPRECATE, null, null, counter);
  }

  /** Parses a Git tag name; empty if it is not a GTO tag (GTO ignores such tags too). */
  public static Optional<GtoTag> parse(String tagName) {
    Matcher m = TAG_RE.matcher(tagName);
    if (!m.matches()) {
      return Optional.empty();
    }
    String artifact = m.group("artifact").replace('=', ':');
    String counterText = m.group("counter");
    // gto: int(...) of the digits, so leading zeros are dropped and there is no upper bound
    BigInteger counter = counterText == null ? null : new BigInteger(counterText);
    boolean cancel = "!".equals(m.group("cancel"));
    TagAction action;
    if (m.group("deprecated") != null) {
      action = TagAction.DEPRECATE;
    } else if (m.group("created") != null) {
      action = TagAction.CREATE;
    } else if (m.group("version") != null) {
      action = cancel ? TagAction.DEREGISTER : TagAction.REGISTER;
    } else {
      action = cancel ? TagAction.UNASSIGN : TagAction.ASSIGN;
    }
    return Optional.of(new GtoTag(artifact, action, m.group("version"), m.group("stage"), counter));
  }

  /** The Git tag name, e.g. {@code churn-model#prod#12}. */
  public String tagName() {
    String base = artifact.replace(':', '=');
    String body =
        switch (action) {
          case REGISTER -> base + "@" + version;
          case DEREGISTER -> base + "@" + version + "!";
          case ASSIGN -> base + "#" + stage;
          case UNASSIGN -> base + "#" + stage + "!";
          case DEPRECATE -> base + "@deprecated";
          case CREATE -> base + "@created";
        };
    return counter == null ? body : body + "#" + counter;
  }

  /** The same tag with counter {@code n}. */
  public GtoTag withCounter(BigInteger n) {
    return new GtoTag(artifact, action, version, stage, n);
  }

  /**
   * Checks an artifact name as GTO does ({@code dir:name} allowed).
   *
   * @throws InvalidInputException if it is not a valid name
   */
  public static String checkFullName(String name) {
    if (!FULLNAME_RE.matcher(name).matches()) {
      throw new InvalidInputException(
          "Cannot use artifact name: '"
              + name
              + "' (letters, digits, '-', '_' and '/' only, starting and ending with a letter or"
              + " digit, optionally prefixed by 'dir:')");
    }
    for (String segment : name.split("/", -1)) {
      if (segment.length() > MAX_SEGMENT) {
        throw new InvalidInputException(
            "Cannot use artifact name: '"
                + name.substring(0, 40)
                + "…' has a part of "
                + segment.length()
                + " characters (at most "
                + MAX_SEGMENT
                + ": each part of a tag name is a file name in Git's refs)");
      }
    }
    return name;
  }

  /** Longest '/'-separated part of a name: room for "@vX.Y.Z" or "#stage#N" in a 255-byte name. */
  static final int MAX_SEGMENT = 200;

  /**
   * Checks a stage name as GTO does.
   *
   * @throws InvalidInputException if it is not a valid stage
   */
  public static String checkStage(String stage) {
    if (!NAME_RE.matcher(stage).matches()) {
      throw new InvalidInputException(
          "Cannot use stage name: '"
              + stage
              + "' (letters, digits, '-', '_' and '/' only, starting and ending with a letter or"
              + " digit)");
    }
    return stage;
  }

  @Override
  public String toString() {
    return tagName();
  }
}

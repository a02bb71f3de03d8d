package dev.cairn.manifests;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** A step's options and outputs as the manifests see them, read from its picocli spec. */
record StepModel(String name, String image, List<Param> params, List<String> outputs) {

  /** Options the manifests set themselves or that name secret files (mounted, never parameters). */
  static final Set<String> NOT_PARAMETERS =
      Set.of(
          "--help",
          "--version",
          "--output",
          "--output-json",
          "--summary",
          "--work-dir",
          "--quiet",
          "--kfp-run-id",
          "--git-ssh-key",
          "--git-known-hosts",
          "--git-token-file",
          "--remote-ssh-key",
          "--remote-known-hosts",
          "--remote-key-passphrase-file",
          "--remote-password-file");

  private static final Pattern ENV_DEFAULT =
      Pattern.compile("\\$\\{env:CAIRN_[A-Z0-9_]+(?::-(.*))?}");

  StepModel {
    params = List.copyOf(params);
    outputs = List.copyOf(outputs);
  }

  /** The value type of a parameter. */
  enum Kind {
    STRING,
    INTEGER,
    BOOLEAN
  }

  /**
   * One option exposed as a parameter.
   *
   * @param option the long option name ({@code --git-url})
   * @param defaultValue the option's own default, or null when it has none
   */
  record Param(
      String option, Kind kind, @Nullable String defaultValue, boolean required, String help) {

    /** The Argo parameter name: the option without dashes ({@code git-url}). */
    String argoName() {
      return option.substring(2);
    }

    /** The KFP input name ({@code git_url}). */
    String kfpName() {
      return argoName().replace('-', '_');
    }
  }

  static StepModel of(Object command, String image, List<String> outputs) {
    // raw defaults (${env:CAIRN_X:-d}), so the environment cannot change the output
    CommandSpec spec =
        dev.cairn.steps.common.StepLauncher.commandLine(command)
            .setInterpolateVariables(false)
            .getCommandSpec();
    List<Param> params = new ArrayList<>();
    for (OptionSpec option : spec.options()) {
      String name = option.longestName();
      if (option.usageHelp() || option.versionHelp() || NOT_PARAMETERS.contains(name)) {
        continue;
      }
      params.add(
          new Param(
              name,
              kind(option.type()),
              defaultOf(option),
              required(option),
              help(option.description())));
    }
    return new StepModel(spec.name(), image, params, outputs);
  }

  /** As declared: picocli reports an option with a default as not required. */
  private static boolean required(OptionSpec option) {
    if (option.userObject() instanceof java.lang.reflect.Field field) {
      CommandLine.Option declared = field.getAnnotation(CommandLine.Option.class);
      if (declared != null) {
        return declared.required();
      }
    }
    return option.required();
  }

  private static Kind kind(Class<?> type) {
    if (type == boolean.class || type == Boolean.class) {
      return Kind.BOOLEAN;
    }
    if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
      return Kind.INTEGER;
    }
    return Kind.STRING;
  }

  private static @Nullable String defaultOf(OptionSpec option) {
    String original = option.defaultValue();
    if (original == null) {
      return null;
    }
    Matcher m = ENV_DEFAULT.matcher(original);
    if (!m.matches()) {
      throw new IllegalStateException(
          "Cannot read the default of " + option.longestName() + ": " + original);
    }
    String value = m.group(1);
    if (value == null && option.type() == boolean.class) {
      return "false";
    }
    return value;
  }

  private static String help(String[] description) {
    String text = String.join(" ", description).replaceAll("\\s+", " ").strip();
    text = text.replaceAll("\\s*Env: [A-Z_]+.*$", "");
    text = text.replaceAll("\\s*\\((default|Default)[^)]*\\$\\{DEFAULT-VALUE}[^)]*\\)", "");
    return text.strip();
  }

  /** The service account the step runs as (see rbac.yaml). */
  String serviceAccount() {
    return switch (name) {
      case "snapshot-data" -> "cairn-snapshot";
      case "train-register" -> "cairn-train";
      default -> "cairn-rollback";
    };
  }

  /** Options whose file may come from an input artifact of the same name under /tmp/inputs. */
  List<String> artifactInputs() {
    return switch (name) {
      case "snapshot-data" -> List.of("dataset");
      case "train-register" -> List.of("model", "metrics", "params");
      default -> List.of();
    };
  }

  /**
   * Whether a required option among {@link #artifactInputs()} defaults to its artifact's path in an
   * Argo template (train-register reads the model a previous task passed as an artifact).
   */
  boolean defaultsToArtifactPaths() {
    return name.equals("train-register");
  }

  /**
   * Whether an Argo template always passes {@code p}; otherwise an empty parameter leaves the
   * option out.
   */
  boolean alwaysPassed(Param p) {
    return p.required()
        || p.defaultValue() != null
        || p.kind() == Kind.BOOLEAN
        || (name.equals("train-register") && p.argoName().equals("model"));
  }

  /** Whether the step's output {@code name} is a boolean or a count. */
  static Kind outputKind(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "changed", "needs_training", "promoted", "dry_run" -> Kind.BOOLEAN;
      case "files", "bytes", "rehashed" -> Kind.INTEGER;
      default -> Kind.STRING;
    };
  }
}

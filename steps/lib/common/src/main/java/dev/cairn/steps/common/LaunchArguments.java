package dev.cairn.steps.common;

import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * Drops the step's own launch command when a container runtime passed it as arguments.
 *
 * <p>The generated KFP components name the JVM command explicitly (the image's entrypoint), as KFP
 * needs. Kubernetes and Argo put it in place of the entrypoint; {@code kfp.local}'s Docker runner
 * appends it to the entrypoint instead, so the step would see {@code java -XX:... -cp ...
 * dev.cairn...Main --data=...}. That prefix is never a valid step argument (no step takes
 * positional arguments), so it is removed.
 */
final class LaunchArguments {
  private static final Pattern MAIN_CLASS = Pattern.compile("dev\\.cairn\\.[\\w.]+Main");

  private LaunchArguments() {}

  static String[] withoutLaunchCommand(String[] args) {
    if (args.length == 0 || !(args[0].equals("java") || args[0].endsWith("/java"))) {
      return args;
    }
    for (int i = 1; i < args.length; i++) {
      if (MAIN_CLASS.matcher(args[i]).matches()) {
        return Arrays.copyOfRange(args, i + 1, args.length);
      }
      if (!args[i].startsWith("-") && !args[i].startsWith("@") && !isClasspath(args, i)) {
        return args;
      }
    }
    return args;
  }

  private static boolean isClasspath(String[] args, int i) {
    return args[i - 1].equals("-cp") || args[i - 1].equals("-classpath");
  }
}

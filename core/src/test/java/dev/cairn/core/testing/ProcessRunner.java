package dev.cairn.core.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a real tool (dvc, git, gto, ...) in a directory and captures its output. */
public final class ProcessRunner {
  /** What a finished process left. */
  public record Result(int exitCode, String stdout, String stderr) {
    /** Fails with the whole output if the exit code is not 0. */
    public Result assertOk() {
      if (exitCode != 0) {
        throw new AssertionError(
            "exit " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr);
      }
      return this;
    }
  }

  private ProcessRunner() {}

  public static Result run(Path dir, List<String> command) {
    return run(dir, command, Map.of());
  }

  public static Result run(Path dir, List<String> command, Map<String, String> env) {
    try {
      Path out = Files.createTempFile("proc", ".out");
      Path err = Files.createTempFile("proc", ".err");
      ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).directory(dir.toFile());
      builder.environment().putAll(env);
      builder.environment().putIfAbsent("DVC_NO_ANALYTICS", "1");
      builder.environment().putIfAbsent("GIT_TERMINAL_PROMPT", "0");
      builder.redirectOutput(out.toFile()).redirectError(err.toFile());
      builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      Process process = builder.start();
      if (!process.waitFor(10, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError("timed out: " + command);
      }
      Result result =
          new Result(
              process.exitValue(), Files.readString(out, UTF_8), Files.readString(err, UTF_8));
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}

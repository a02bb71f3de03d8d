package dev.cairn.steps.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.cairn.core.InvalidInputException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * Where a step writes its results: one file per output (the raw value with no trailing newline, as
 * KFP and Argo read parameters), one JSON document with everything, and a Markdown summary. Every
 * file is written atomically, creating missing parent directories.
 */
public final class OutputOptions {
  /** Built on first use: picocli creates this mixin for every step, even for {@code --help}. */
  private static final class Mapper {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  }

  @Option(
      names = "--output",
      paramLabel = "NAME=PATH",
      split = ",",
      defaultValue = "${env:CAIRN_OUTPUT}",
      description =
          "Write output NAME's value to PATH (no trailing newline); repeatable."
              + " Env: CAIRN_OUTPUT (NAME=PATH,NAME=PATH).")
  private Map<String, Path> outputs = new LinkedHashMap<>();

  @Option(
      names = "--output-json",
      paramLabel = "PATH",
      defaultValue = "${env:CAIRN_OUTPUT_JSON}",
      description = "Write every output as one JSON object to PATH. Env: CAIRN_OUTPUT_JSON.")
  private @Nullable Path outputJson;

  @Option(
      names = "--summary",
      paramLabel = "PATH",
      defaultValue = "${env:CAIRN_SUMMARY}",
      description =
          "Write a Markdown summary (a KFP Markdown artifact or Argo output artifact) to PATH."
              + " Env: CAIRN_SUMMARY.")
  private @Nullable Path summary;

  /**
   * Fails before any work if an {@code --output} names something the step does not produce, or if a
   * file asked for cannot be written there (a read-only or pseudo file system, a directory in the
   * way): the registry is never changed by a run whose results cannot be handed on.
   *
   * @throws InvalidInputException naming the unknown output and the known ones, or the path
   */
  public void check(Set<String> known) {
    checkNames(known);
    for (Map.Entry<String, Path> entry : outputs.entrySet()) {
      checkWritable(entry.getValue(), "--output " + entry.getKey());
    }
    if (outputJson != null) {
      checkWritable(outputJson, "--output-json");
    }
    if (summary != null) {
      checkWritable(summary, "--summary");
    }
  }

  private void checkNames(Set<String> known) {
    for (String name : outputs.keySet()) {
      if (!known.contains(name)) {
        throw new InvalidInputException(
            "Cannot write output '"
                + name
                + "': this step's outputs are "
                + String.join(", ", new TreeSet<>(known))
                + " (fix --output)");
      }
    }
  }

  /** Writes the outputs asked for and prints them as {@code name: value} lines to {@code out}. */
  public void write(StepResult result, PrintWriter out) {
    for (Map.Entry<String, @Nullable Object> entry : result.values().entrySet()) {
      out.println(entry.getKey() + ": " + text(entry.getValue()));
    }
    out.flush();
    for (Map.Entry<String, Path> entry : outputs.entrySet()) {
      write(entry.getValue(), text(result.values().get(entry.getKey())));
    }
    Path json = outputJson;
    if (json != null) {
      try {
        write(json, Mapper.JSON.writeValueAsString(result.values()) + "\n");
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("Cannot encode outputs as JSON", e);
      }
    }
    Path markdown = summary;
    if (markdown != null) {
      write(markdown, result.summary());
    }
  }

  /**
   * Probes the nearest existing directory of {@code path} by creating and removing a temporary file
   * there, which is what the atomic write will need; missing parents are created later.
   */
  private static void checkWritable(Path path, String option) {
    Path target = path.toAbsolutePath().normalize();
    if (Files.isDirectory(target)) {
      throw new InvalidInputException(
          "Cannot write " + option + " " + target + ": it is a directory (give a file path)");
    }
    Path dir = target.getParent();
    while (dir != null && !Files.exists(dir)) {
      dir = dir.getParent();
    }
    String problem;
    if (dir == null || !Files.isDirectory(dir)) {
      problem = (dir == null ? "no parent directory" : dir + " is not a directory");
    } else {
      try {
        Files.delete(Files.createTempFile(dir, ".cairn-output-", ".tmp"));
        return;
      } catch (IOException | SecurityException e) {
        problem = "cannot create files in " + dir;
      }
    }
    throw new InvalidInputException(
        "Cannot write "
            + option
            + " "
            + target
            + ": "
            + problem
            + " (give a path in a writable directory)");
  }

  static String text(@Nullable Object value) {
    return value == null ? "" : value.toString();
  }

  private static void write(Path path, String content) {
    Path target = path.toAbsolutePath();
    try {
      Path parent = target.getParent();
      Files.createDirectories(parent);
      Path temp = Files.createTempFile(parent, ".cairn-output-", ".tmp");
      try {
        Files.writeString(temp, content, StandardCharsets.UTF_8);
        Files.move(
            temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write output " + target, e);
    }
  }
}

package dev.cairn.cli.steps;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.cairn.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * A scratch world for the step ITs: a bare Git registry, a local-directory data remote, a serving
 * directory and a work directory under one root, plus the in-process runner and a before/after
 * picture of everything a step may change.
 */
final class StepFixture {
  final Path root;
  final Path repo;
  final Path remote;
  final Path serving;
  final Path work;
  final Path out;

  StepFixture(Path root) {
    this.root = root;
    this.repo = root.resolve("registry.git");
    this.remote = root.resolve("remote");
    this.serving = root.resolve("serving");
    this.work = root.resolve("work");
    this.out = root.resolve("out");
    try {
      Git.init().setBare(true).setInitialBranch("main").setDirectory(repo.toFile()).call().close();
      Files.createDirectories(remote);
      Files.createDirectories(serving);
      Files.createDirectories(out);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** What a step run printed and returned. */
  record Run(int exitCode, String out, String err) {
    Run assertOk() {
      if (exitCode != 0) {
        throw new AssertionError("exit " + exitCode + "\nout:\n" + out + "\nerr:\n" + err);
      }
      return this;
    }

    List<String> errLines() {
      return err.lines().filter(l -> !l.isBlank()).toList();
    }
  }

  /** Runs {@code cairn <argv>} in this JVM. */
  static Run run(List<String> argv) {
    var commandLine = Main.commandLine(argv.toArray(String[]::new));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int code = commandLine.execute(argv.toArray(String[]::new));
    return new Run(code, out.toString(), err.toString());
  }

  /** {@code java -cp <this JVM's class path> dev.cairn.cli.Main <argv>}. */
  static List<String> javaCommand(List<String> argv) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.addAll(argv);
    return command;
  }

  /**
   * {@code step} with the registry, remote and work directory of this fixture, then {@code args}.
   */
  List<String> args(String step, String... args) {
    List<String> argv = new ArrayList<>();
    argv.add(step);
    argv.addAll(
        List.of(
            "--git-url",
            repo.toString(),
            "--remote",
            remote.toString(),
            "--work-dir",
            work.toString(),
            "--quiet"));
    argv.addAll(List.of(args));
    return argv;
  }

  Run step(String step, String... args) {
    return run(args(step, args));
  }

  /** A small dataset directory. */
  Path dataset(String name, String salt) {
    Path dir = root.resolve(name);
    try {
      Files.createDirectories(dir.resolve("sub"));
      Files.writeString(dir.resolve("train.csv"), "id,label\n1,stay\n2," + salt + "\n", UTF_8);
      Files.writeString(dir.resolve("sub/test.csv"), "id,label\n3," + salt + "\n", UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir;
  }

  /** A model directory plus a metrics file {@code {"accuracy": accuracy}} next to it. */
  Path model(String name, double accuracy) {
    Path dir = root.resolve(name);
    try {
      Files.createDirectories(dir.resolve("model"));
      Files.writeString(dir.resolve("model/weights.txt"), "weights of " + name + "\n", UTF_8);
      Files.writeString(dir.resolve("model/config.json"), "{\"name\": \"" + name + "\"}\n", UTF_8);
      Files.writeString(dir.resolve("metrics.json"), "{\"accuracy\": " + accuracy + "}\n", UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir;
  }

  /** Registers {@code dir/model} as {@code name}, promoting it to prod with an accuracy gate. */
  Run registerPromoted(String name, Path dir) {
    return step(
            "train-register",
            "--name",
            name,
            "--model",
            dir.resolve("model").toString(),
            "--metrics",
            dir.resolve("metrics.json").toString(),
            "--stage",
            "prod",
            "--gate",
            "accuracy >= stage.accuracy",
            "--serve-dir",
            serving.toString())
        .assertOk();
  }

  /** Every ref of the bare repository (branches and tags) with the object it points at. */
  static Map<String, String> refs(Path bare) {
    try (Repository repository = new FileRepositoryBuilder().setGitDir(bare.toFile()).build()) {
      Map<String, String> refs = new TreeMap<>();
      for (Ref ref : repository.getRefDatabase().getRefs()) {
        refs.put(
            ref.getName(),
            ref.isSymbolic()
                ? "-> " + ref.getTarget().getName()
                : String.valueOf(ref.getObjectId() == null ? null : ref.getObjectId().name()));
      }
      return refs;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Every entry under {@code dir}: files with the MD5 of their content, symlinks with their target,
   * directories as such.
   */
  static Map<String, String> tree(Path dir) {
    Map<String, String> entries = new TreeMap<>();
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return entries;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        String key = dir.relativize(p).toString();
        if (Files.isSymbolicLink(p)) {
          entries.put(key, "link " + Files.readSymbolicLink(p));
        } else if (Files.isDirectory(p)) {
          entries.put(key, "dir");
        } else {
          entries.put(key, md5(Files.readAllBytes(p)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return entries;
  }

  static String md5(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Everything a failing step must leave alone. */
  record World(
      Map<String, String> refs,
      Map<String, String> remote,
      Map<String, String> serving,
      Map<String, String> outputs) {}

  World world() {
    return world(repo);
  }

  World world(Path bare) {
    return new World(refs(bare), tree(remote), tree(serving), tree(out));
  }
}

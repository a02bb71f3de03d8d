package dev.cairn.cli;

import dev.cairn.cli.registry.Json;
import dev.cairn.core.Progress;
import dev.cairn.core.hash.HashResult;
import dev.cairn.core.hash.Hasher;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "hash",
    description =
        "Print the DVC 3 hash of a file (<md5>) or directory (<md5>.dir); works anywhere (in a"
            + " DVC repository its .dvcignore applies, as in dvc add).")
final class HashCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin GlobalOptions global;

  @Parameters(paramLabel = "PATH", description = "File or directory.")
  Path path = Path.of("");

  @Option(names = "--json", description = "Print path, md5, size and nfiles as JSON.")
  boolean json;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Path target = global.resolve(path).toAbsolutePath().normalize();
    HashResult result =
        Hasher.builder().progress(Progress.NONE).build().hash(target, repoRoot(target));
    if (json) {
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("path", path.toString());
      fields.put("md5", result.oid().value());
      fields.put("size", result.size());
      if (result instanceof HashResult.DirHash dir) {
        fields.put("nfiles", dir.nfiles());
      }
      out.println(Json.write(fields));
    } else {
      out.println(result.oid().value());
    }
    return 0;
  }

  /** The DVC repository holding {@code target}, whose .dvcignore files apply (as in dvc add). */
  private static @Nullable Path repoRoot(Path target) {
    for (Path dir = target.getParent(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve(".dvc"))) {
        return dir;
      }
    }
    return null;
  }
}

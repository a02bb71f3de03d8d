package dev.cairn.steps.common;

import dev.cairn.core.InvalidInputException;
import dev.cairn.core.ops.Get;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cairn get NAME@vX.Y.Z DIR}: a registered version's files, from the registry and its data
 * remote, into a new directory (as {@code dvc get}); the way a training container reads exactly the
 * snapshotted bytes.
 */
@Command(
    name = "get",
    mixinStandardHelpOptions = true,
    description = {
      "Download a registered version (NAME@vX.Y.Z, or NAME#STAGE for the version a stage holds)",
      "into a new or empty directory, every object MD5-checked: what a training step should read."
    })
public final class GetCommand implements Callable<Integer> {
  @Spec private picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "NAME@VERSION", description = "e.g. churn-data@v0.0.3")
  private String ref = "";

  @Parameters(index = "1", paramLabel = "DIR", description = "Where the files go (new or empty).")
  private Path dir = Path.of(".");

  @Mixin private GitOptions git = new GitOptions();
  @Mixin private RemoteOptions remote = new RemoteOptions();
  @Mixin private WorkOptions work = new WorkOptions();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    int at = ref.lastIndexOf('@');
    int hash = ref.indexOf('#');
    String name;
    String version;
    if (at > 0 && at < ref.length() - 1) {
      name = ref.substring(0, at);
      version = ref.substring(at + 1);
    } else if (hash > 0 && hash < ref.length() - 1) {
      name = ref.substring(0, hash);
      version = ref.substring(hash);
    } else {
      throw new InvalidInputException(
          "Cannot parse '"
              + ref
              + "': expected NAME@vX.Y.Z or NAME#STAGE (e.g. churn-data@v0.0.3, churn-model#prod)");
    }
    try (StepSession session = StepSession.open(git, remote, work, out)) {
      Get.Result r = Get.run(session.store(), name, version, dir);
      out.println(
          "got "
              + r.name()
              + "@"
              + r.version()
              + " into "
              + r.target()
              + ": "
              + r.files()
              + " files ("
              + r.downloaded()
              + " objects downloaded, MD5-checked)");
      out.println("version: " + r.version());
      out.println("md5: " + r.md5());
      out.println("commit: " + r.commit());
      out.flush();
    }
    return 0;
  }
}

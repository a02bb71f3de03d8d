package dev.cairn.steps.train;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.cairn.steps.common.StepLauncher;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * One in-process run of train-register against a registry {@code origin} and a scratch world under
 * {@code root} (data remote, work directory): a model directory holding {@code weights} is
 * registered as {@code churn-model}.
 */
record TrainRegisterRun(int code, String out, String err) {
  static TrainRegisterRun of(Path origin, Path root, String weights, List<String> extra)
      throws IOException {
    Path model = Files.createDirectories(root.resolve("model-" + weights));
    Files.writeString(model.resolve("weights.txt"), weights, UTF_8);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = StepLauncher.commandLine(new TrainRegisterCommand());
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    List<String> args =
        new ArrayList<>(
            List.of(
                "--git-url",
                origin.toString(),
                "--remote",
                root.resolve("remote").toString(),
                "--work-dir",
                root.resolve("work").toString(),
                "--name",
                "churn-model",
                "--model",
                model.toString(),
                "--quiet"));
    args.addAll(extra);
    int code = cmd.execute(args.toArray(String[]::new));
    return new TrainRegisterRun(code, out.toString(), err.toString());
  }
}

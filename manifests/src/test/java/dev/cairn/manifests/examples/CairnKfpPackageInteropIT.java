package dev.cairn.manifests.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.testing.InteropTools;
import dev.cairn.core.testing.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Python package python/cairn-kfp: pip installs it from the checkout (offline, with the KFP
 * venv's own build tools), and its tests compile pipelines with the real KFP SDK against the
 * installed copy (package data included).
 */
@EnabledIfSystemProperty(named = "cairn.interop", matches = "true")
class CairnKfpPackageInteropIT {
  /** What a local pip build leaves in a source tree: not part of the package's source. */
  private static final Set<String> BUILD_LEFTOVERS = Set.of("build", "__pycache__");

  static Path packageSource() {
    return InteropTools.repoRoot().resolve("python/cairn-kfp");
  }

  /** pip-installs the checkout's package into {@code temp/site}; returns that directory. */
  static Path installPackage(Path temp) throws IOException {
    Path source = copySource(temp.resolve("cairn-kfp"));
    Path site = temp.resolve("site");
    Path pip = InteropTools.kfpPython().resolveSibling("pip");
    ProcessRunner.run(
            temp,
            List.of(
                pip.toString(),
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "--no-deps",
                "--no-build-isolation",
                "--no-index",
                "--target",
                site.toString(),
                source.toString()))
        .assertOk();
    return site;
  }

  /** A copy of the package's source (a pip build writes into the tree it builds). */
  private static Path copySource(Path to) throws IOException {
    Path from = packageSource();
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.toList()) {
        Path relative = from.relativize(file);
        boolean leftover = false;
        for (Path part : relative) {
          String name = part.toString();
          leftover |= BUILD_LEFTOVERS.contains(name) || name.endsWith(".egg-info");
        }
        if (leftover) {
          continue;
        }
        Path target = to.resolve(relative.toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target);
        }
      }
    }
    return to;
  }

  @Test
  void thePackageInstallsFromTheCheckoutAndItsTestsPassWithTheRealKfpSdk(@TempDir Path temp)
      throws IOException {
    Path site = installPackage(temp);
    assertThat(site.resolve("cairn_kfp/components")).isDirectory();
    for (String step : List.of("snapshot-data", "train-register", "rollback-model")) {
      assertThat(site.resolve("cairn_kfp/components/" + step + ".yaml"))
          .as("package data")
          .hasSameTextualContentAs(ExampleChecks.generatedDir().resolve("kfp/" + step + ".yaml"));
    }
    Map<String, String> env =
        Map.of(
            "PYTHONPATH", site.toString(),
            "CAIRN_IMAGE_REGISTRY", "",
            "CAIRN_IMAGE_TAG", "",
            "CAIRN_WORK_VOLUME", "");
    // the installed copy is the one imported, not the source tree
    ProcessRunner.Result where =
        ProcessRunner.run(
                temp,
                List.of(
                    InteropTools.kfpPython().toString(),
                    "-c",
                    "import cairn_kfp; print(cairn_kfp.__file__)"),
                env)
            .assertOk();
    assertThat(where.stdout().strip()).startsWith(site.toString());

    ProcessRunner.Result tests =
        ProcessRunner.run(
                temp,
                List.of(
                    InteropTools.kfpPython().toString(),
                    "-m",
                    "unittest",
                    "discover",
                    "-v",
                    "-s",
                    temp.resolve("cairn-kfp/tests").toString()),
                env)
            .assertOk();
    // unittest reports on stderr: every test ran and passed
    assertThat(tests.stderr()).containsPattern("Ran ([1-9]\\d*) tests").contains("\nOK");
    assertThat(tests.stderr()).doesNotContain("skipped");
  }
}

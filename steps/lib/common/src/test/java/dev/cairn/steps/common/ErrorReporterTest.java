package dev.cairn.steps.common;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.ConcurrentWriteException;
import dev.cairn.core.ConfigurationException;
import dev.cairn.core.IntegrityException;
import dev.cairn.core.InvalidInputException;
import dev.cairn.core.RemoteAccessException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

class ErrorReporterTest {

  @Command(name = "fails")
  static final class Fails implements Callable<Integer> {
    private final RuntimeException failure;

    @Option(names = "--verbose")
    boolean verbose;

    Fails(RuntimeException failure) {
      this.failure = failure;
    }

    @Override
    public Integer call() {
      throw failure;
    }
  }

  private final StringWriter err = new StringWriter();

  private int run(RuntimeException failure, String... args) {
    CommandLine commandLine = StepLauncher.commandLine(new Fails(failure));
    commandLine.setErr(new PrintWriter(err));
    return commandLine.execute(args);
  }

  @Test
  void execute_eachFailureType_mapsToItsDocumentedExitCode() {
    assertThat(run(new InvalidInputException("x"))).isEqualTo(2);
    assertThat(run(new ConfigurationException("x"))).isEqualTo(3);
    assertThat(run(new RemoteAccessException("x"))).isEqualTo(4);
    assertThat(run(new IntegrityException("x"))).isEqualTo(5);
    assertThat(run(new ConcurrentWriteException("x"))).isEqualTo(6);
    assertThat(run(new IllegalStateException("x"))).isEqualTo(1);
  }

  @Test
  void execute_failure_printsOneLineWithoutStackTrace() {
    run(new ConfigurationException("Cannot read key file: /k (mount the Secret)"));
    assertThat(err.toString()).isEqualTo("error: Cannot read key file: /k (mount the Secret)\n");
  }

  @Test
  void execute_verbose_addsTheStackTrace() {
    run(new IntegrityException("bad"), "--verbose");
    assertThat(err.toString()).startsWith("error: bad\n").contains("\tat ");
  }

  @Test
  void execute_verboseFalse_asTheTemplatesPassIt_printsOneLine() {
    run(new IntegrityException("bad"), "--verbose=false");
    assertThat(err.toString()).isEqualTo("error: bad\n");
  }

  @Test
  void oneLine_jdkIoFailure_namesTheFile() {
    assertThat(
            ErrorReporter.oneLine(new java.io.UncheckedIOException(new NoSuchFileException("/d"))))
        .isEqualTo("no such file or directory: /d");
  }

  @Test
  void execute_usageError_exitsTwo() {
    CommandLine commandLine = StepLauncher.commandLine(new Fails(new IllegalStateException()));
    commandLine.setErr(new PrintWriter(err));
    assertThat(commandLine.execute("--no-such-option")).isEqualTo(2);
  }
}

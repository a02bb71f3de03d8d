package dev.cairn.steps.common;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A step that really exhausts a small heap, in a separate JVM, on each kind of thread. */
class OutOfMemoryTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"main", "pool", "thread"})
  void outOfMemory_anyThread_oneErrorLineAndExit1(String where) throws Exception {
    Process process =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx32m",
                    "-XX:+UseSerialGC",
                    "-cp",
                    System.getProperty("java.class.path"),
                    OomProbe.class.getName(),
                    where))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    String err = new String(process.getErrorStream().readAllBytes(), UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(process.exitValue()).as(err).isEqualTo(ExitCodes.FAILURE);
    assertThat(err.lines().toList())
        .as(err)
        .singleElement()
        .asString()
        .startsWith("error: ran out of memory (the Java heap limit is ")
        .contains("raise the pod's memory limit");
  }
}

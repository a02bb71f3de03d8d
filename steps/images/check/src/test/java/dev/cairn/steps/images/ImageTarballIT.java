package dev.cairn.steps.images;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.steps.images.OciTarball.Layer;
import dev.cairn.steps.images.OciTarball.LayerEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Inspects the OCI tarballs that {@code -Pimages} writes for each step module ({@code
 * target/jib-image.tar}, and {@code target/jib-image-again.tar} from a second build of the same
 * inputs). Runs only with {@code -Pimages}.
 */
class ImageTarballIT {
  /** A step image: its module folder under steps/, image name, main class. */
  record Step(String module, String image, String mainClass) {
    @Override
    public String toString() {
      return image;
    }
  }

  static Stream<Step> steps() {
    return Stream.of(
        new Step(
            "snapshot-data", "cairn-snapshot-data", "dev.cairn.steps.snapshot.SnapshotDataMain"),
        new Step(
            "train-register", "cairn-train-register", "dev.cairn.steps.train.TrainRegisterMain"),
        new Step(
            "rollback-model",
            "cairn-rollback-model",
            "dev.cairn.steps.rollback.RollbackModelMain"));
  }

  private static final Map<String, OciTarball> TARBALLS = new HashMap<>();

  private static String property(String name) {
    String value = System.getProperty(name);
    assertThat(value).as("system property %s (set by the images-check pom)", name).isNotBlank();
    return value;
  }

  private static final String VERSION = property("cairn.project.version");
  private static final Path STEPS = Path.of(property("cairn.steps.dir")).normalize();

  private static Path target(Step step) {
    return STEPS.resolve(step.module()).resolve("target");
  }

  private static synchronized OciTarball tarball(Step step, String file) {
    return TARBALLS.computeIfAbsent(
        step.module() + "/" + file,
        key -> {
          Path path = target(step).resolve(file);
          assertThat(path).as("built by -Pimages at package").isRegularFile();
          try {
            return OciTarball.read(path);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  private static OciTarball image(Step step) {
    return tarball(step, "jib-image.tar");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("steps")
  void layout_isOciWithOneManifestNamedForTheRegistry_andEveryBlobMatchesItsDigest(Step step)
      throws IOException {
    OciTarball image = image(step);

    assertThat(image.json("oci-layout").path("imageLayoutVersion").asText()).isEqualTo("1.0.0");
    JsonNode descriptor = image.json("index.json").path("manifests").get(0);
    assertThat(descriptor.path("mediaType").asText())
        .isEqualTo("application/vnd.oci.image.manifest.v1+json");
    assertThat(descriptor.path("annotations").path("org.opencontainers.image.ref.name").asText())
        .isEqualTo(
            property("cairn.image.registry")
                + "/"
                + step.image()
                + ":"
                + property("cairn.image.tag"));
    JsonNode manifest = image.manifest();
    assertThat(manifest.path("config").path("mediaType").asText())
        .isEqualTo("application/vnd.oci.image.config.v1+json");
    for (Map.Entry<String, byte[]> file : image.files().entrySet()) {
      if (file.getKey().startsWith("blobs/sha256/")) {
        assertThat(OciTarball.sha256(file.getValue()))
            .as(file.getKey())
            .isEqualTo("sha256:" + file.getKey().substring("blobs/sha256/".length()));
      }
    }
    JsonNode config = image.config();
    assertThat(config.path("os").asText()).isEqualTo("linux");
    assertThat(config.path("architecture").asText()).isEqualTo("amd64");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("steps")
  void entrypoint_isTheJvmWithContainerFlags_thenTheStepsMainClass(Step step) throws IOException {
    List<String> entrypoint = new ArrayList<>();
    image(step).config().path("config").path("Entrypoint").forEach(e -> entrypoint.add(e.asText()));

    assertThat(entrypoint).first().isEqualTo("java");
    assertThat(entrypoint).last().isEqualTo(step.mainClass());
    // the image's start-up archive options come first, from a file in the image (the test below)
    assertThat(entrypoint.get(1)).isEqualTo("@/app/cairn-jvm.args");
    assertThat(entrypoint)
        .contains("-XX:MaxRAMPercentage=75", "-XX:+UseSerialGC", "-XX:-UsePerfData")
        // out of memory is the step's one-line error with exit 1, not the JVM's silent exit 3
        .doesNotContain("-XX:+ExitOnOutOfMemoryError")
        .containsSubsequence("-cp", "@/app/jib-classpath-file", step.mainClass());
    // the heap follows the pod's memory limit: no fixed heap size
    assertThat(entrypoint).noneMatch(arg -> arg.startsWith("-Xmx") || arg.startsWith("-Xms"));
    assertThat(image(step).config().path("config").path("Cmd").isMissingNode()).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("steps")
  void user_isNumericNonRoot_workingDirIsWorkspace_timesAreFixed(Step step) throws IOException {
    JsonNode config = image(step).config();

    String user = config.path("config").path("User").asText();
    assertThat(user).matches("[0-9]+:[0-9]+");
    assertThat(user.split(":", -1)).doesNotContain("0");
    assertThat(config.path("config").path("WorkingDir").asText()).isEqualTo("/workspace");
    Instant created = Instant.parse(property("cairn.outputTimestamp"));
    assertThat(Instant.parse(config.path("created").asText())).isEqualTo(created);
    config
        .path("history")
        .forEach(h -> assertThat(Instant.parse(h.path("created").asText())).isEqualTo(created));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("steps")
  void labels_carryTitleSourceVersionRevisionLicenses(Step step) throws IOException {
    Map<String, String> labels = new LinkedHashMap<>();
    image(step)
        .config()
        .path("config")
        .path("Labels")
        .properties()
        .forEach(e -> labels.put(e.getKey(), e.getValue().asText()));

    assertThat(labels)
        .containsEntry("org.opencontainers.image.title", step.image())
        .containsEntry("org.opencontainers.image.source", property("cairn.image.source"))
        .containsEntry("org.opencontainers.image.version", VERSION)
        .containsEntry("org.opencontainers.image.revision", property("cairn.revision"))
        .containsEntry("org.opencontainers.image.licenses", property("cairn.image.licenses"));
    assertThat(labels.get("org.opencontainers.image.source")).startsWith("https://");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("steps")
  void layers_holdTheReactorJarsAndTheModulesClasses_readableByTheNonRootUser(Step step)
      throws IOException {
    OciTarball image = image(step);
    List<Layer> layers = image.layers();
    JsonNode diffIds = image.config().path("rootfs").path("diff_ids");

    assertThat(layers).isNotEmpty().hasSize(diffIds.size());
    Map<String, LayerEntry> files = new HashMap<>();
    for (int i = 0; i < layers.size(); i++) {
      Layer layer = layers.get(i);
      assertThat(layer.diffId()).as("diff_id of layer %s", i).isEqualTo(diffIds.get(i).asText());
      assertThat(layer.entries()).as("layer %s", i).isNotEmpty();
      for (LayerEntry entry : layer.entries()) {
        assertThat(entry.uid()).as(entry.name()).isZero();
        assertThat(entry.gid()).as(entry.name()).isZero();
        // world-readable (and directories world-searchable): the step runs as a non-root user
        assertThat(entry.mode() & (entry.directory() ? 0555 : 0444))
            .as("mode of %s", entry.name())
            .isEqualTo(entry.directory() ? 0555 : 0444);
        assertThat(entry.mode() & 0002).as("world-writable %s", entry.name()).isZero();
        if (!entry.directory()) {
          files.put(entry.name(), entry);
        }
      }
    }

    Path repo = STEPS.resolve("..").normalize();
    String core = "cairn-core-" + VERSION + ".jar";
    assertSameBytes(files, "app/libs/" + core, repo.resolve("core/target").resolve(core));
    String common = "cairn-steps-common-" + VERSION + ".jar";
    assertSameBytes(
        files, "app/libs/" + common, STEPS.resolve("lib/common/target").resolve(common));
    assertThat(files.keySet()).anyMatch(name -> name.matches("app/libs/picocli-[0-9.]+\\.jar"));
    // the runtime libraries core and the Kubernetes client need (a test-scoped redeclaration in a
    // step POM once left JGit out of an image)
    List<String> runtime =
        new java.util.ArrayList<>(
            List.of(
                "org\\.eclipse\\.jgit-.*",
                "org\\.eclipse\\.jgit\\.ssh\\.apache-.*",
                "sshd-osgi-.*",
                "sshd-sftp-.*",
                "s3-2\\..*",
                "jackson-databind-.*",
                "slf4j-simple-.*"));
    if (!step.module().equals("snapshot-data")) {
      runtime.addAll(
          List.of(
              "kubernetes-client-[0-9].*",
              "kubernetes-client-api-.*",
              "kubernetes-httpclient-jdk-.*",
              "cairn-steps-kubernetes-.*"));
    }
    for (String jar : runtime) {
      assertThat(files.keySet())
          .as("a jar %s in app/libs", jar)
          .anyMatch(n -> n.matches("app/libs/" + jar + "\\.jar"));
    }

    // every compiled class and resource of the step module, byte for byte
    Path classes = target(step).resolve("classes");
    List<Path> compiled;
    try (Stream<Path> walk = Files.walk(classes)) {
      compiled = walk.filter(Files::isRegularFile).toList();
    }
    assertThat(compiled).isNotEmpty();
    for (Path file : compiled) {
      String relative = classes.relativize(file).toString().replace('\\', '/');
      String in = relative.endsWith(".class") ? "app/classes/" : "app/resources/";
      assertSameBytes(files, in + relative, file);
    }

    // the JVM's argument files: the start-up options (on a base the build cannot run, the JDK's own
    // CDS archive), a classpath whose every jar is in the image, and the main class
    assertThat(new String(file(files, "app/cairn-jvm.args").bytes(), UTF_8).trim())
        .isEqualTo("-Xshare:auto");
    assertThat(new String(file(files, "app/jib-main-class-file").bytes(), UTF_8).trim())
        .isEqualTo(step.mainClass());
    String classpath = new String(file(files, "app/jib-classpath-file").bytes(), UTF_8).trim();
    assertThat(classpath.split(":", -1))
        .startsWith("/app/resources", "/app/classes")
        .contains("/app/libs/cairn-core-" + VERSION + ".jar")
        .allMatch(
            entry ->
                entry.equals("/app/resources")
                    || entry.equals("/app/classes")
                    || files.containsKey(entry.substring(1)),
            "is in the image");
  }

  private static LayerEntry file(Map<String, LayerEntry> files, String name) {
    LayerEntry entry = files.get(name);
    if (entry == null) {
      throw new AssertionError("no " + name + " in the image's layers");
    }
    return entry;
  }

  private static void assertSameBytes(Map<String, LayerEntry> files, String inImage, Path built)
      throws IOException {
    assertThat(file(files, inImage).bytes())
        .as("%s against %s", inImage, built)
        .isEqualTo(Files.readAllBytes(built));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("steps")
  void digest_isReproducible_twoBuildsOfTheSameInputsGiveTheSameImage(Step step)
      throws IOException {
    OciTarball first = image(step);
    OciTarball again = tarball(step, "jib-image-again.tar");

    assertThat(again.manifestDigest()).isEqualTo(first.manifestDigest());
    assertThat(again.configDigest()).isEqualTo(first.configDigest());
    assertThat(Files.readString(target(step).resolve("jib-image.digest"), UTF_8).trim())
        .isEqualTo(first.manifestDigest());
    assertThat(Files.readString(target(step).resolve("jib-image-again.digest"), UTF_8).trim())
        .isEqualTo(first.manifestDigest());
    assertThat(Files.readAllBytes(target(step).resolve("jib-image-again.tar")))
        .as("the tarballs byte for byte")
        .isEqualTo(Files.readAllBytes(target(step).resolve("jib-image.tar")));

    // fixed file times: the build's output timestamp for the app's files, the epoch (or the epoch
    // plus one second, for the directories Jib adds above them) for what Jib itself writes
    long fixed = Instant.parse(property("cairn.outputTimestamp")).toEpochMilli();
    for (Layer layer : first.layers()) {
      for (LayerEntry entry : layer.entries()) {
        assertThat(entry.mtimeMillis()).as("mtime of %s", entry.name()).isIn(0L, 1000L, fixed);
      }
    }
  }
}

package dev.cairn.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.testing.InteropTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Every container that runs a Cairn step image gets the image's entrypoint as its {@code command}
 * (Argo's emissary executor then never asks the registry for it), and that entrypoint is the one
 * the Jib configuration builds.
 */
class StepImageTest {
  private static final List<String> ARGO_FILES =
      List.of(
          "cairn-steps-workflowtemplate.yaml",
          "cairn-rollback-workflowtemplate.yaml",
          "daily-retrain-cronworkflow.yaml");

  /** A container of a generated file: the file, the container node. */
  private record Container(String file, JsonNode node) {
    String image() {
      return node.path("image").asText();
    }

    List<String> command() {
      List<String> command = new ArrayList<>();
      node.path("command").forEach(c -> command.add(c.asText()));
      return command;
    }

    List<String> keys() {
      List<String> keys = new ArrayList<>();
      node.fieldNames().forEachRemaining(keys::add);
      return keys;
    }
  }

  private static Map<String, StepModel> stepsByImage() {
    return Manifests.steps().stream()
        .collect(Collectors.toMap(StepModel::image, Function.identity()));
  }

  private static List<Container> containers(String dir, List<String> files) throws IOException {
    List<Container> containers = new ArrayList<>();
    for (String file : files) {
      Path path = GeneratedFilesTest.committed().resolve(dir).resolve(file);
      for (JsonNode doc : ArgoSchemas.readAll(Files.readString(path))) {
        // every node with an image is a container (Argo template or KFP executor)
        doc.findParents("image").forEach(node -> containers.add(new Container(file, node)));
      }
    }
    return containers;
  }

  @Test
  void argoTemplates_stepImageContainers_runTheImageEntrypointBeforeTheArgs() throws IOException {
    Map<String, StepModel> steps = stepsByImage();
    List<Container> containers = containers("argo", ARGO_FILES);
    List<String> stepImages = new ArrayList<>();
    for (Container c : containers) {
      StepModel step = steps.get(c.image());
      if (step == null) {
        // the user's training container in the CronWorkflow: its image, its entrypoint
        assertThat(c.image())
            .as("%s: a Cairn image not named by the steps", c.file())
            .doesNotContain("cairn-");
        assertThat(c.node().has("command")).as("%s: %s", c.file(), c.image()).isFalse();
        continue;
      }
      stepImages.add(step.name());
      assertThat(c.command())
          .as("%s: command of %s", c.file(), step.name())
          .isEqualTo(StepImage.entrypoint(step));
      assertThat(c.keys())
          .as("%s: %s", c.file(), step.name())
          .containsSubsequence("image", "command", "args");
    }
    assertThat(stepImages).containsExactly("snapshot-data", "train-register", "rollback-model");
  }

  @Test
  void kfpComponents_runTheImageEntrypoint() throws IOException {
    Map<String, StepModel> steps = stepsByImage();
    List<Container> containers =
        containers(
            "kfp", List.of("snapshot-data.yaml", "train-register.yaml", "rollback-model.yaml"));
    assertThat(containers).hasSize(3);
    for (Container c : containers) {
      StepModel step = steps.get(c.image());
      if (step == null) {
        throw new AssertionError(c.file() + ": " + c.image() + " is not a step image");
      }
      assertThat(c.command()).as(c.file()).isEqualTo(StepImage.entrypoint(step));
    }
  }

  @Test
  void entrypoint_isJavaTheJibJvmFlagsTheClassPathFileAndTheStepsMainClass() throws Exception {
    Path root = InteropTools.repoRoot();
    Element jib = jibPlugin(xml(root.resolve("pom.xml")));
    List<String> expected = new ArrayList<>();
    expected.add("java");
    NodeList flags = jib.getElementsByTagName("jvmFlag");
    for (int i = 0; i < flags.getLength(); i++) {
      expected.add(flags.item(i).getTextContent().trim());
    }
    // Jib's own part for a Java 9+ base image: the class path from an argument file
    expected.add("-cp");
    expected.add("@/app/jib-classpath-file");
    assertThat(StepImage.JVM)
        .as("the jvmFlags of the parent POM's Jib configuration")
        .isEqualTo(expected);

    for (StepModel step : Manifests.steps()) {
      Document pom = xml(root.resolve("steps").resolve(step.name()).resolve("pom.xml"));
      String mainClass =
          pom.getElementsByTagName("cairn.image.mainClass").item(0).getTextContent().trim();
      assertThat(StepImage.mainClass(step)).as(step.name()).isEqualTo(mainClass);
      assertThat(StepImage.entrypoint(step)).endsWith(mainClass).hasSize(expected.size() + 1);
    }
  }

  private static Document xml(Path file) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return factory.newDocumentBuilder().parse(file.toFile());
  }

  private static Element jibPlugin(Document pom) {
    NodeList ids = pom.getElementsByTagName("artifactId");
    for (int i = 0; i < ids.getLength(); i++) {
      Node id = ids.item(i);
      if (id.getTextContent().trim().equals("jib-maven-plugin")
          && id.getParentNode() instanceof Element plugin
          && plugin.getElementsByTagName("jvmFlags").getLength() > 0) {
        return plugin;
      }
    }
    throw new AssertionError("Cannot find the jib-maven-plugin with jvmFlags in the parent POM");
  }
}

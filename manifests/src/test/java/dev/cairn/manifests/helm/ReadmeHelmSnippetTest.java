package dev.cairn.manifests.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.testing.InteropTools;
import dev.cairn.manifests.ArgoSchemas;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The values snippet of the README section "Install with Helm" renders, as does the one in the
 * chart README.
 */
class ReadmeHelmSnippetTest {

  static String yamlBlock(Path markdown, String heading) throws IOException {
    String text = Files.readString(markdown, StandardCharsets.UTF_8);
    int start = text.indexOf("\n" + heading + "\n");
    assertThat(start).as("%s has the heading %s", markdown, heading).isNotNegative();
    int end = text.indexOf("\n## ", start + heading.length() + 2);
    String section = end < 0 ? text.substring(start) : text.substring(start, end);
    int open = section.indexOf("```yaml\n");
    assertThat(open).as("a ```yaml block under %s", heading).isNotNegative();
    int close = section.indexOf("\n```", open + 8);
    return section.substring(open + 8, close + 1);
  }

  @Test
  void theRootReadmeValuesSnippetRenders(@TempDir Path temp) throws IOException {
    Path readme = InteropTools.repoRoot().resolve("README.md");
    String text = Files.readString(readme, StandardCharsets.UTF_8);
    assertThat(text.indexOf("\n## Install with Helm\n"))
        .as("the Helm section comes right before the benchmarks")
        .isLessThan(text.indexOf("\n## Benchmarks\n"));
    assertRenders(temp, yamlBlock(readme, "## Install with Helm"));
  }

  @Test
  void theChartReadmeValuesSnippetRenders(@TempDir Path temp) throws IOException {
    assertRenders(temp, yamlBlock(HelmCharts.chartDir().resolve("README.md"), "## Install"));
  }

  private static void assertRenders(Path temp, String snippet) throws IOException {
    Path values = temp.resolve("values.yaml");
    Files.writeString(values, snippet, StandardCharsets.UTF_8);
    String rendered = HelmCharts.template(Map.of(), values);
    // the steps, the daily retraining and the sharded snapshot
    assertThat(HelmCharts.ofKind(rendered, "WorkflowTemplate")).hasSize(3);
    for (JsonNode doc : HelmCharts.objects(rendered)) {
      if (ArgoSchemas.isArgoKind(doc.path("kind").asText())) {
        assertThat(ArgoSchemas.problems(doc)).isEmpty();
      }
    }
    // the snippet takes effect: an IRSA role, a serving Role, an image by digest
    assertThat(rendered).contains("eks.amazonaws.com/role-arn");
    assertThat(HelmCharts.named(rendered, "Role", "cairn-serving").path("rules")).isNotEmpty();
    assertThat(HelmChartTest.images(rendered).values())
        .anySatisfy(i -> assertThat(i).contains("@sha256:"));
  }
}

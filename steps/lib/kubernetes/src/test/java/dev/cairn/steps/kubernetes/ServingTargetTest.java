package dev.cairn.steps.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ServingTargetTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "deployment/model-server",
        "deployments/model-server",
        "deploy/model-server",
        "deployment.apps/model-server",
        "Deployment/model-server"
      })
  void parse_deploymentForms_giveTheDeployment(String value) {
    ServingTarget target = ServingTarget.parse(value);

    assertThat(target.kind()).isEqualTo(ServingTarget.Kind.DEPLOYMENT);
    assertThat(target.name()).isEqualTo("model-server");
    assertThat(target).hasToString("deployment/model-server");
  }

  @Test
  void parse_dottedName_isAccepted() {
    assertThat(ServingTarget.parse("deployment/serving.v2").name()).isEqualTo("serving.v2");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "x",
        "",
        "deployment",
        "deployment/",
        "/web",
        "statefulset/web",
        "pod/web",
        "deployment/Web",
        "deployment/web_1",
        "deployment/-web",
        "deployment/web/extra",
        "deployment/web "
      })
  void parse_badValue_isOneLineUsageError(String value) {
    assertThatThrownBy(() -> ServingTarget.parse(value))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Cannot parse --restart value '" + value + "': expected deployment/NAME");
  }

  @Test
  void parse_controlCharacters_stayOnOneLine() {
    assertThatThrownBy(() -> ServingTarget.parse("deployment/a\nb"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Cannot parse --restart value 'deployment/a?b': expected deployment/NAME");
  }

  @Test
  void parse_nameLongerThan253_isRejected() {
    assertThatThrownBy(() -> ServingTarget.parse("deployment/" + "a".repeat(254)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageEndingWith("...': expected deployment/NAME");
  }

  @Test
  void inferenceService_validName_givesTheTarget() {
    ServingTarget target = ServingTarget.inferenceService("churn-model");

    assertThat(target.kind()).isEqualTo(ServingTarget.Kind.INFERENCE_SERVICE);
    assertThat(target).hasToString("inferenceservice/churn-model");
    assertThat(target.kind().resource()).isEqualTo("inferenceservices.serving.kserve.io");
  }

  @Test
  void inferenceService_badName_isOneLineUsageError() {
    assertThatThrownBy(() -> ServingTarget.inferenceService("Churn Model"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "Cannot parse --patch-inferenceservice value 'Churn Model': expected an"
                + " InferenceService name (lowercase letters, digits, '-' and '.')");
  }

  @Test
  void constructor_badName_isIllegalArgument() {
    assertThatThrownBy(() -> new ServingTarget(ServingTarget.Kind.DEPLOYMENT, "UPPER"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

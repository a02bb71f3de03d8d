package dev.cairn.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DidYouMeanTest {
  private static final List<String> COMMANDS =
      List.of("push", "pull", "help", "remote", "rollback-model", "register", "release");

  @Test
  void among_oneMissingLetter_findsTheCommand() {
    assertThat(DidYouMean.among("rolback-model", COMMANDS)).containsExactly("rollback-model");
  }

  @Test
  void among_shortName_allowsOneEditOnly() {
    assertThat(DidYouMean.among("psh", COMMANDS)).containsExactly("push");
    assertThat(DidYouMean.among("pxxh", COMMANDS)).isEmpty();
  }

  @Test
  void among_swappedLetters_countAsOneEdit() {
    assertThat(DidYouMean.distance("churn-modle", "churn-model")).isEqualTo(1);
    assertThat(DidYouMean.among("prdo", List.of("prod", "staging"))).containsExactly("prod");
  }

  @Test
  void among_aPrefix_findsTheLongerName() {
    assertThat(DidYouMean.among("rollback", COMMANDS)).containsExactly("rollback-model");
  }

  @Test
  void among_closestFirst_atMostThree() {
    List<String> close =
        DidYouMean.among(
            "model-abc", List.of("model-xyz", "model-axy", "model-abd", "model-abc1", "model-q"));

    assertThat(close).containsExactly("model-abc1", "model-abd", "model-axy");
  }

  @Test
  void among_farNames_areLeftOut() {
    assertThat(DidYouMean.among("xyzzy", COMMANDS)).isEmpty();
    assertThat(DidYouMean.hint("xyzzy", COMMANDS)).isEmpty();
  }

  @Test
  void hint_caseDiffers_stillFound() {
    assertThat(DidYouMean.hint("Push", COMMANDS)).isEqualTo("did you mean push? ");
  }
}

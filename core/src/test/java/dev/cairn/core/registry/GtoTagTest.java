package dev.cairn.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.InvalidInputException;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Tag-name grammar; the vectors are those of GTO's tests/test_tag.py (re-typed as data). */
class GtoTagTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "###",
        "@@@",
        "model@v1",
        "nn#prod#-1",
        "model@v111",
        "model-prod",
        "model@0.0.1",
        "model-prod-v1",
        "model#prod#-1",
        "model#prod#1-2",
        "model#prod?#1-2",
        "model#prod@v1.2.3",
        "model@v1.2.3#prod",
        "model-prod-v1-stage",
        "model@prod@v1@stage-1",
        "namespace/model@0.0.1",
        "@namespace/model@0.0.1",
        "model#prod#v1#stage#1-",
        "model#prod-v1-stage@1-2",
        "model#prod-v1-stage@1-2#@"
      })
  void parse_gtoWrongNames_empty(String name) {
    assertThat(GtoTag.parse(name)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "nn#prod",
        "nn#prod!",
        "nn#prod#1",
        "nn@v1.0.0",
        "nn#prod!#2",
        "nn@v1.0.0!",
        "nn@v1.0.0#1",
        "nn@v1.0.0!#1",
        "nn@v1.0.0-rc.2",
        "nn@v1.0.0-alpha",
        "nn@v1.0.0-alpha.1",
        "nn@v1.0.0-alpha.beta",
        "new-artifact@v1.0.1!"
      })
  void parse_gtoCorrectNames_parsedAndRoundTrip(String name) {
    assertThat(GtoTag.parse(name)).hasValueSatisfying(t -> assertThat(t.tagName()).isEqualTo(name));
  }

  @Test
  void parse_gtoParseNameVectors_fields() {
    assertThat(GtoTag.parse("path@v1.2.3"))
        .contains(new GtoTag("path", TagAction.REGISTER, "v1.2.3", null, null));
    assertThat(GtoTag.parse("path@v1.2.3#5"))
        .contains(new GtoTag("path", TagAction.REGISTER, "v1.2.3", null, BigInteger.valueOf(5)));
    assertThat(GtoTag.parse("path@v1.2.3!"))
        .contains(new GtoTag("path", TagAction.DEREGISTER, "v1.2.3", null, null));
    assertThat(GtoTag.parse("path@v1.2.3!#2"))
        .contains(new GtoTag("path", TagAction.DEREGISTER, "v1.2.3", null, BigInteger.valueOf(2)));
    assertThat(GtoTag.parse("path#stage"))
        .contains(new GtoTag("path", TagAction.ASSIGN, null, "stage", null));
    assertThat(GtoTag.parse("path#stage#1"))
        .contains(new GtoTag("path", TagAction.ASSIGN, null, "stage", BigInteger.valueOf(1)));
    assertThat(GtoTag.parse("path#stage!#2"))
        .contains(new GtoTag("path", TagAction.UNASSIGN, null, "stage", BigInteger.valueOf(2)));
    assertThat(GtoTag.parse("path@deprecated"))
        .contains(new GtoTag("path", TagAction.DEPRECATE, null, null, null));
    assertThat(GtoTag.parse("path@deprecated#7"))
        .contains(new GtoTag("path", TagAction.DEPRECATE, null, null, BigInteger.valueOf(7)));
  }

  @Test
  void tagName_gtoNameTagVectors() {
    assertThat(GtoTag.register("myartifact", "v1.0.0").tagName()).isEqualTo("myartifact@v1.0.0");
    assertThat(GtoTag.deregister("myartifact", "v1.0.0", null).tagName())
        .isEqualTo("myartifact@v1.0.0!");
    assertThat(GtoTag.deregister("myartifact", "v1.0.0", BigInteger.valueOf(1)).tagName())
        .isEqualTo("myartifact@v1.0.0!#1");
    assertThat(GtoTag.assign("myartifact", "stage", BigInteger.valueOf(1)).tagName())
        .isEqualTo("myartifact#stage#1");
    assertThat(GtoTag.unassign("myartifact", "stage", BigInteger.valueOf(1)).tagName())
        .isEqualTo("myartifact#stage!#1");
    assertThat(GtoTag.deprecate("myartifact", null).tagName()).isEqualTo("myartifact@deprecated");
  }

  @Test
  void tagName_monorepoName_separatorBecomesEquals() {
    GtoTag tag = GtoTag.register("models/dir:churn", "v1.0.0");
    assertThat(tag.tagName()).isEqualTo("models/dir=churn@v1.0.0");
    assertThat(GtoTag.parse("models/dir=churn@v1.0.0")).contains(tag);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2147483647",
        "2147483648",
        "9223372036854775807",
        "9223372036854775808",
        "99999999999999999999999"
      })
  void parse_counterAtAndBeyondIntAndLongRange_parsedExactlyAndRoundTrip(String digits) {
    for (String name : List.of("m#staging#", "m#staging!#", "m@v1.0.0#", "m@deprecated#")) {
      assertThat(GtoTag.parse(name + digits))
          .hasValueSatisfying(
              t -> {
                assertThat(t.counter()).isEqualTo(new BigInteger(digits));
                assertThat(t.tagName()).isEqualTo(name + digits);
              });
    }
  }

  @Test
  void parse_counterWithLeadingZeros_valueAsGtoReadsIt() {
    // gto reads the digits with int(...): "#007" is counter 7
    assertThat(GtoTag.parse("m#prod#007").orElseThrow().counter()).isEqualTo(BigInteger.valueOf(7));
    assertThat(GtoTag.parse("m#prod#000000000000000000000000000000001").orElseThrow().counter())
        .isEqualTo(BigInteger.ONE);
  }

  @Test
  void tagName_counterBeyondIntAndLong_decimalDigits() {
    BigInteger intMax = BigInteger.valueOf(Integer.MAX_VALUE);
    BigInteger longMax = BigInteger.valueOf(Long.MAX_VALUE);
    assertThat(GtoTag.assign("m", "staging", intMax.add(BigInteger.ONE)).tagName())
        .isEqualTo("m#staging#2147483648");
    assertThat(GtoTag.unassign("m", "staging", longMax.add(BigInteger.ONE)).tagName())
        .isEqualTo("m#staging!#9223372036854775808");
    assertThat(
            GtoTag.deprecate("m", new BigInteger("99999999999999999999999"))
                .withCounter(new BigInteger("100000000000000000000000"))
                .tagName())
        .isEqualTo("m@deprecated#100000000000000000000000");
  }

  @Test
  void new_negativeCounter_refused() {
    assertThatThrownBy(() -> GtoTag.assign("m", "prod", BigInteger.valueOf(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("negative counter -1");
  }

  @Test
  void checkFullName_gtoRules() {
    assertThat(GtoTag.checkFullName("a")).isEqualTo("a");
    assertThat(GtoTag.checkFullName("Churn_Model-2/x")).isEqualTo("Churn_Model-2/x");
    assertThatThrownBy(() -> GtoTag.checkFullName("-bad"))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> GtoTag.checkFullName("bad-"))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> GtoTag.checkFullName("has space"))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> GtoTag.checkFullName("a@b")).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> GtoTag.checkStage("prod!")).isInstanceOf(InvalidInputException.class);
  }
}

package dev.cairn.steps.kubernetes;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.codeUnits;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.Test;

/** STYLE.md principle 2: only JDK and Cairn types in public signatures, no Fabric8 type. */
class PublicApiTest {
  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.cairn.steps.kubernetes");

  @Test
  void publicSignatures_useNoThirdPartyTypes() {
    codeUnits()
        .that()
        .arePublic()
        .and()
        .areDeclaredInClassesThat()
        .arePublic()
        .should(
            new ArchCondition<JavaCodeUnit>("use only JDK, JSpecify and Cairn types") {
              @Override
              public void check(JavaCodeUnit unit, ConditionEvents events) {
                for (JavaClass type : unit.getAllInvolvedRawTypes()) {
                  String name = type.getName();
                  boolean allowed =
                      name.startsWith("java.")
                          || name.startsWith("dev.cairn.")
                          || name.startsWith("org.jspecify.")
                          || type.isPrimitive()
                          || (type.isArray()
                              && type.getBaseComponentType().getName().startsWith("java."));
                  if (!allowed) {
                    events.add(
                        SimpleConditionEvent.violated(
                            unit, unit.getFullName() + " exposes " + name));
                  }
                }
              }
            })
        .check(MAIN);
  }
}

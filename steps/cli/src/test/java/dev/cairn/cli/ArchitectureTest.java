package dev.cairn.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The module and package rules of DESIGN.md §1, checked on the compiled classes. */
class ArchitectureTest {
  private static JavaClasses classes =
      new ClassFileImporter().importClasses(ArchitectureTest.class);

  @BeforeAll
  static void importMainClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            // core's test-jar (contract tests, fakes, interop tests) is on the test classpath too
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages("dev.cairn");
  }

  @Test
  void core_dependsOnNoOtherModule() {
    noClasses()
        .that()
        .resideInAPackage("dev.cairn.core..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.cairn.steps..", "dev.cairn.cli..", "dev.cairn.manifests..", "picocli..")
        .check(classes);
  }

  @Test
  void nothing_dependsOnCli() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.cairn.cli..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.cairn.cli..")
        .check(classes);
  }

  @Test
  void corePackages_formAnAcyclicGraph() {
    slices().matching("dev.cairn.core.(*)..").should().beFreeOfCycles().check(classes);
  }

  @Test
  void corePublicApi_exposesNoThirdPartyTypes() {
    methods()
        .that()
        .areDeclaredInClassesThat()
        .resideInAPackage("dev.cairn.core..")
        .and()
        .arePublic()
        .and()
        .areDeclaredInClassesThat()
        .arePublic()
        .should(exposeOnlyOwnOrJdkTypes())
        .check(classes);
  }

  private static ArchCondition<JavaMethod> exposeOnlyOwnOrJdkTypes() {
    return new ArchCondition<>("expose only JDK and Cairn types") {
      @Override
      public void check(JavaMethod method, ConditionEvents events) {
        List<JavaClass> types = new ArrayList<>(method.getRawParameterTypes());
        types.add(method.getRawReturnType());
        types.addAll(method.getExceptionTypes());
        for (JavaClass type : types) {
          String name = type.getBaseComponentType().getName();
          if (FOREIGN.stream().anyMatch(name::startsWith)) {
            events.add(
                SimpleConditionEvent.violated(method, method.getFullName() + " uses " + name));
          }
        }
      }
    };
  }

  private static final List<String> FOREIGN =
      List.of(
          "org.eclipse.jgit.",
          "software.amazon.",
          "org.apache.sshd.",
          "com.fasterxml.",
          "org.yaml.",
          "picocli.");

  @Test
  void core_neverCallsSystemExit() {
    noClasses()
        .that()
        .resideInAPackage("dev.cairn.core..")
        .should()
        .callMethod(System.class, "exit", int.class)
        .check(classes);
  }
}

package dev.cairn.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The module and package rules of DESIGN.md §1, checked on the compiled classes. */
class ArchitectureTest {
  private static JavaClasses classes = new ClassFileImporter().importPackages("dev.cairn");

  @BeforeAll
  static void importMainClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
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
  void core_neverCallsSystemExit() {
    noClasses()
        .that()
        .resideInAPackage("dev.cairn.core..")
        .should()
        .callMethod(System.class, "exit", int.class)
        .check(classes);
  }
}

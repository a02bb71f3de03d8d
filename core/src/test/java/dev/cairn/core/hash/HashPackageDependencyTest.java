package dev.cairn.core.hash;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The hash package depends on no other Cairn package except the root (exceptions, Progress). */
class HashPackageDependencyTest {
  @Test
  void hash_dependsOnlyOnRootCorePackage() {
    JavaClasses classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("dev.cairn.core.hash");
    noClasses()
        .that()
        .resideInAPackage("dev.cairn.core.hash")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.cairn.core.odb..",
            "dev.cairn.core.remote..",
            "dev.cairn.core.dvc..",
            "dev.cairn.core.git..",
            "dev.cairn.core.registry..",
            "dev.cairn.core.ops..")
        .check(classes);
  }
}

package dev.cairn.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
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

/**
 * The layer map of {@code core} (written down in {@code dev/cairn/core/package-info.java}), checked
 * on the compiled classes. From the bottom: the root package (exceptions, progress, redaction);
 * {@code hash} and {@code internal} (leaves: the one pool, SSH plumbing); {@code odb}, {@code dvc},
 * {@code git} on them; {@code remote} (the {@code Remote} contract and its backends) on {@code
 * odb}; {@code transfer} (status, push, fetch) on {@code remote}; {@code registry} on {@code git}
 * and {@code dvc}; {@code ops} on everything. A package may use the layers below it, never one
 * above or beside it.
 */
class ArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importMainClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("dev.cairn.core");
  }

  @Test
  void corePackages_useOnlyTheLayersBelowThem() {
    layeredArchitecture()
        .consideringOnlyDependenciesInAnyPackage("dev.cairn.core..")
        .layer("root")
        .definedBy("dev.cairn.core")
        .layer("hash")
        .definedBy("dev.cairn.core.hash..")
        .layer("internal")
        .definedBy("dev.cairn.core.internal..")
        .layer("odb")
        .definedBy("dev.cairn.core.odb..")
        .layer("dvc")
        .definedBy("dev.cairn.core.dvc..")
        .layer("git")
        .definedBy("dev.cairn.core.git..")
        .layer("remote")
        .definedBy("dev.cairn.core.remote..")
        .layer("transfer")
        .definedBy("dev.cairn.core.transfer..")
        .layer("registry")
        .definedBy("dev.cairn.core.registry..")
        .layer("ops")
        .definedBy("dev.cairn.core.ops..")
        .whereLayer("ops")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("registry")
        .mayOnlyBeAccessedByLayers("ops")
        .whereLayer("transfer")
        .mayOnlyBeAccessedByLayers("ops")
        .whereLayer("remote")
        .mayOnlyBeAccessedByLayers("transfer", "ops")
        .whereLayer("git")
        .mayOnlyBeAccessedByLayers("registry", "ops")
        .whereLayer("dvc")
        .mayOnlyBeAccessedByLayers("registry", "ops")
        .whereLayer("odb")
        .mayOnlyBeAccessedByLayers("remote", "transfer", "ops")
        .whereLayer("internal")
        .mayOnlyBeAccessedByLayers("odb", "git", "remote", "transfer", "ops")
        .whereLayer("hash")
        .mayOnlyBeAccessedByLayers("odb", "dvc", "transfer", "ops")
        .check(classes);
  }

  @Test
  void remoteBackends_neverCallBackIntoTheDispatch() {
    noClasses()
        .that()
        .resideInAnyPackage("dev.cairn.core.remote.*..")
        .should()
        .dependOnClassesThat()
        .haveFullyQualifiedName("dev.cairn.core.remote.Remotes")
        .check(classes);
  }

  @Test
  void remoteBackends_areIndependentOfEachOther() {
    // remote.cloud is the object-store backends' shared helper (a pool, the existence check, the
    // location, error causes), not a backend
    slices()
        .matching("dev.cairn.core.remote.(*)..")
        .should()
        .notDependOnEachOther()
        .ignoreDependency(
            com.tngtech.archunit.base.DescribedPredicate.alwaysTrue(),
            com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage(
                "dev.cairn.core.remote.cloud.."))
        .check(classes);
  }

  @Test
  void core_usesNoInternalApiOfItsLibraries() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.eclipse.jgit.internal..",
            "software.amazon.awssdk.core.internal..",
            "software.amazon.awssdk.services.s3.internal..")
        .check(classes);
  }

  @Test
  void core_dependsOnNoStepOrCliCode() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.cairn.steps..", "dev.cairn.cli..", "dev.cairn.manifests..", "picocli..")
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
        .arePublic()
        .and()
        .areDeclaredInClassesThat()
        .arePublic()
        .should(exposeOnlyOwnOrJdkTypes())
        .check(classes);
  }

  @Test
  void core_neverCallsSystemExit() {
    noClasses().should().callMethod(System.class, "exit", int.class).check(classes);
  }

  private static final List<String> FOREIGN =
      List.of(
          "org.eclipse.jgit.",
          "software.amazon.",
          "org.apache.sshd.",
          "com.fasterxml.",
          "org.yaml.",
          "picocli.");

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
}

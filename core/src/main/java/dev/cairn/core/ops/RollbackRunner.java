package dev.cairn.core.ops;

import dev.cairn.core.InvalidInputException;
import dev.cairn.core.registry.ArtifactState;
import dev.cairn.core.registry.Registry;
import dev.cairn.core.registry.RegistryWrite;
import dev.cairn.core.registry.VersionState;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The steps of a {@link Rollback}: resolve, verify, fetch, serve, tag. */
final class RollbackRunner {
  private static final Logger LOG = LoggerFactory.getLogger(RollbackRunner.class);

  private RollbackRunner() {}

  private record Resolved(Rollback.Plan plan, ServingVersion content) {}

  static Rollback.Plan plan(Store store, Rollback.Request request) {
    return resolve(store, request).plan();
  }

  static Rollback.Result run(Store store, Rollback.Request request, Serving serving) {
    Resolved resolved = resolve(store, request);
    Rollback.Plan plan = resolved.plan();
    String move = request.name() + "#" + request.stage();
    if (request.dryRun()) {
      String message =
          plan.alreadyInStage()
              ? "Dry run: "
                  + plan.toVersion()
                  + " is already in "
                  + move
                  + "; would check the serving targets ("
                  + plan.objects()
                  + " objects on the remote)"
              : "Dry run: would roll back "
                  + move
                  + " from "
                  + plan.fromVersion()
                  + " to "
                  + plan.toVersion()
                  + " ("
                  + plan.objects()
                  + " objects on the remote)";
      return result(
          plan,
          false,
          true,
          List.of(),
          0,
          Serving.Outcome.nothing(plan.toVersion()),
          plan.fromVersion(),
          message);
    }
    ServingVersion content = resolved.content();
    int fetched = content.fetch(store);
    Serving.Outcome served =
        serving.isEmpty()
            ? Serving.Outcome.nothing(plan.toVersion())
            : ServingPublisher.serve(store, serving, content);
    if (plan.alreadyInStage()) {
      String message =
          plan.toVersion()
              + " is already in "
              + move
              + "; no tags written"
              + (serving.isEmpty() ? "" : ", serving targets show it");
      LOG.info("{}", message);
      return result(plan, false, false, List.of(), fetched, served, plan.fromVersion(), message);
    }
    String reason =
        request.operator() == null
            ? request.reason()
            : request.reason() + "; by " + request.operator();
    RegistryWrite write =
        Registry.on(store.repo())
            .rollback(request.name(), request.stage(), plan.toVersion(), reason);
    String from = write.previousVersion() != null ? write.previousVersion() : plan.fromVersion();
    String message =
        write.changed()
            ? "Rolled back " + move + " from " + from + " to " + plan.toVersion()
            : plan.toVersion() + " was put into " + move + " by another writer meanwhile";
    LOG.info("{}", message);
    return result(plan, write.changed(), false, write.tags(), fetched, served, from, message);
  }

  private static Rollback.Result result(
      Rollback.Plan plan,
      boolean changed,
      boolean dryRun,
      List<String> tags,
      int fetched,
      Serving.Outcome served,
      String from,
      String message) {
    return new Rollback.Result(
        plan.name(),
        plan.stage(),
        from,
        plan.toVersion(),
        plan.commit(),
        changed,
        dryRun,
        tags,
        plan.objects(),
        fetched,
        served,
        message);
  }

  private static Resolved resolve(Store store, Rollback.Request request) {
    String name = request.name();
    String stage = request.stage();
    ArtifactState artifact = Registry.on(store.repo()).state().require(name);
    String current =
        artifact
            .versionInStage(stage)
            .orElseThrow(
                () ->
                    new InvalidInputException(
                        "Cannot roll back "
                            + name
                            + "#"
                            + stage
                            + ": no version is in the stage (assign one first)"));
    String wanted =
        Rollback.PREVIOUS.equals(request.target())
            ? artifact
                .previousInStage(stage)
                .orElseThrow(
                    () ->
                        new InvalidInputException(
                            "Cannot roll back "
                                + name
                                + "#"
                                + stage
                                + ": no earlier version held the stage (name a version)"))
            : request.target();
    VersionState target = ServingPublisher.requireActive(artifact, wanted);
    ServingVersion content = ServingVersion.locate(store, artifact, target);
    int objects = content.verifyOnRemote(store);
    Rollback.Plan plan =
        new Rollback.Plan(
            name,
            stage,
            current,
            wanted,
            target.commit(),
            content.path(),
            content.oid(),
            objects,
            wanted.equals(current));
    LOG.info(
        "Rollback plan for {}#{}: {} -> {}, {} objects on {}",
        name,
        stage,
        current,
        wanted,
        objects,
        store.remote().describe());
    return new Resolved(plan, content);
  }
}

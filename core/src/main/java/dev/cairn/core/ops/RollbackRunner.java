package dev.cairn.core.ops;

import dev.cairn.core.InvalidInputException;
import dev.cairn.core.registry.ArtifactState;
import dev.cairn.core.registry.Registry;
import dev.cairn.core.registry.RollbackOrder;
import dev.cairn.core.registry.RollbackTargets;
import dev.cairn.core.registry.RollbackWrite;
import dev.cairn.core.registry.StageHold;
import dev.cairn.core.registry.VersionState;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The steps of a {@link Rollback}: check, resolve, verify, fetch, publish, tag, switch. */
final class RollbackRunner {
  private static final Logger LOG = LoggerFactory.getLogger(RollbackRunner.class);

  private RollbackRunner() {}

  private record Resolved(Rollback.Plan plan, ServingVersion content, ArtifactState artifact) {}

  static Rollback.Plan plan(Store store, Rollback.Request request) {
    return resolve(store, request).plan();
  }

  static Rollback.Result run(Store store, Rollback.Request request, Serving serving) {
    serving.check();
    Resolved resolved = resolve(store, request);
    Rollback.Plan plan = resolved.plan();
    if (request.dryRun()) {
      boolean wouldHold = request.hold() && plan.hold() == null;
      return result(
          plan,
          RollbackPlanText.of(plan, request, serving),
          new Outcome(false, true, List.of(), 0, Serving.Outcome.nothing(plan.toVersion())),
          plan.fromVersion(),
          wouldHold
              ? plan.stage() + " held at " + plan.toVersion() + " (would be placed)"
              : plan.hold(),
          wouldHold);
    }
    ServingVersion content = resolved.content();
    int fetched = content.fetch(store);
    Serving.Outcome staged =
        serving.isEmpty()
            ? Serving.Outcome.nothing(plan.toVersion())
            : ServingPublisher.prepare(store, serving, content);
    ArtifactState artifact = resolved.artifact();
    String reason =
        request.operator() == null
            ? request.reason()
            : request.reason() + "; by " + request.operator();
    RollbackWrite write =
        Registry.on(store.repo())
            .rollback(
                new RollbackOrder(
                    request.name(),
                    request.stage(),
                    plan.toVersion(),
                    reason,
                    request.hold(),
                    v -> contentId(store, artifact, v)));
    Serving.Outcome served =
        ServingPublisher.follow(store, serving, request.name(), request.stage(), staged);
    String move = request.name() + "#" + request.stage();
    String from =
        write.write().previousVersion() != null
            ? String.valueOf(write.write().previousVersion())
            : plan.fromVersion();
    String message;
    if (write.write().changed()) {
      message = "Rolled back " + move + " from " + from + " to " + plan.toVersion();
    } else if (plan.alreadyInStage()) {
      message =
          plan.toVersion()
              + " is already in "
              + move
              + "; no tags written"
              + (serving.isEmpty() ? "" : ", serving targets show it");
    } else {
      message = plan.toVersion() + " was put into " + move + " by another writer meanwhile";
    }
    LOG.info("{}", message);
    StageHold hold = write.hold();
    return result(
        plan,
        message,
        new Outcome(write.write().changed(), false, write.write().tags(), fetched, served),
        from,
        hold == null ? null : hold.describe(),
        write.holdPlaced());
  }

  private static Optional<String> contentId(Store store, ArtifactState artifact, VersionState v) {
    try {
      return Optional.of(ServingVersion.locate(store, artifact, v).oid().toString());
    } catch (InvalidInputException e) {
      return Optional.empty();
    }
  }

  private record Outcome(
      boolean changed, boolean dryRun, List<String> tags, int fetched, Serving.Outcome served) {}

  private static Rollback.Result result(
      Rollback.Plan plan,
      String message,
      Outcome outcome,
      String from,
      @Nullable String hold,
      boolean holdPlaced) {
    return new Rollback.Result(
        plan.name(),
        plan.stage(),
        from,
        plan.toVersion(),
        plan.commit(),
        outcome.changed(),
        outcome.dryRun(),
        outcome.tags(),
        plan.objects(),
        outcome.fetched(),
        outcome.served(),
        message,
        hold,
        holdPlaced);
  }

  private static Resolved resolve(Store store, Rollback.Request request) {
    String name = request.name();
    String stage = request.stage();
    Registry registry = Registry.on(store.repo());
    ArtifactState artifact = registry.state().require(name);
    registry.checkStageAllowed(stage);
    RollbackTargets.Choice choice =
        RollbackTargets.choose(
            artifact,
            stage,
            Rollback.PREVIOUS.equals(request.target()) ? null : request.target(),
            request.reason());
    String current = choice.current();
    VersionState target = choice.target();
    String wanted = target.version();
    List<String> skipped = choice.skipped();
    ServingVersion content = ServingVersion.locate(store, artifact, target);
    int objects = content.verifyOnRemote(store);
    StageHold hold = registry.holds().find(name, stage).orElse(null);
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
            wanted.equals(current),
            skipped,
            hold == null ? null : hold.describe());
    LOG.info(
        "Rollback plan for {}#{}: {} -> {}, {} objects on {}",
        name,
        stage,
        current,
        wanted,
        objects,
        store.remote().describe());
    return new Resolved(plan, content, artifact);
  }
}

package dev.cairn.core.ops;

import dev.cairn.core.registry.ArtifactState;
import dev.cairn.core.registry.Registry;
import dev.cairn.core.registry.VersionState;
import dev.cairn.core.remote.Remote;
import dev.cairn.core.remote.RemoteSpec;
import dev.cairn.core.remote.Remotes;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The steps of {@link Serving#publish}, shared with {@link Rollback}. */
final class ServingPublisher {
  private static final Logger LOG = LoggerFactory.getLogger(ServingPublisher.class);

  private ServingPublisher() {}

  static Serving.Outcome publish(Store store, Serving serving, String name, String version) {
    ArtifactState artifact = Registry.on(store.repo()).state().require(name);
    VersionState state = artifact.requireActive(version);
    ServingVersion content = ServingVersion.locate(store, artifact, state);
    content.verifyOnRemote(store);
    content.fetch(store);
    return serve(store, serving, content);
  }

  /** Publishes content whose objects are in the cache to every serving target, then flips. */
  static Serving.Outcome serve(Store store, Serving serving, ServingVersion content) {
    Serving.Outcome prepared = prepare(store, serving, content);
    Path dir = serving.dir();
    if (dir == null) {
      return prepared;
    }
    ServeDir.Switched switched = ServeDir.makeCurrent(dir, content.version(), serving.keep());
    return withPrevious(prepared, switched.previous());
  }

  /**
   * Publishes content whose objects are in the cache to the versioned paths of every serving target
   * ({@code <dir>/versions/<version>}, {@code <uri>/<version>/}) without switching {@code current}:
   * that happens only once the registry says this version won ({@link #follow}).
   */
  static Serving.Outcome prepare(Store store, Serving serving, ServingVersion content) {
    Path dir = serving.dir();
    Path versionDir = null;
    String previous = null;
    boolean dirWritten = false;
    if (dir != null) {
      ServeDir.Published published =
          ServeDir.prepare(
              content.cache(),
              content.oid(),
              content.fileName(),
              dir,
              content.version(),
              store.progress());
      versionDir = published.versionDir();
      previous = published.previous();
      dirWritten = published.written();
    }
    RemoteSpec uri = serving.uri();
    String prefix = null;
    int written = 0;
    int skipped = 0;
    boolean serverSide = false;
    if (uri != null) {
      try (Remote target = Remotes.open(uri)) {
        ServeUri.Published published =
            ServeUri.publish(
                store,
                content.cache(),
                content.oid(),
                content.fileName(),
                target,
                content.version());
        prefix = dev.cairn.core.Redaction.redact(published.prefix());
        written = published.written();
        skipped = published.skipped();
        serverSide = published.serverSideCopy();
      }
    }
    LOG.info("Published {}@{} to the serving targets", content.name(), content.version());
    return new Serving.Outcome(
        content.version(), versionDir, previous, dirWritten, prefix, written, skipped, serverSide);
  }

  /**
   * Makes the serving directory's {@code current} name the version the registry has in {@code
   * stage} now (publishing it first if its directory is missing), then reads the registry again and
   * repeats until both agree: a writer that won the tag push after ours is followed, not
   * overwritten. {@code ours} is what this step published; the outcome is about the version served
   * at the end.
   */
  static Serving.Outcome follow(
      Store store, Serving serving, String name, String stage, Serving.Outcome ours) {
    Path dir = serving.dir();
    if (dir == null && serving.uri() == null) {
      return ours;
    }
    Serving.Outcome outcome = ours;
    String previous = ours.dirPrevious();
    for (int round = 0; round < 5; round++) {
      ArtifactState artifact = Registry.on(store.repo()).state().require(name);
      String holder = artifact.versionInStage(stage).orElse(null);
      if (holder == null) {
        return outcome;
      }
      if (!holder.equals(outcome.version())) {
        LOG.info("{}#{} is {} now (another writer won); serving it", name, stage, holder);
        outcome = prepare(store, serving, located(store, artifact, holder));
      }
      if (dir == null) {
        return outcome;
      }
      ServeDir.Switched switched = ServeDir.makeCurrent(dir, holder, serving.keep());
      if (round == 0) {
        previous = switched.previous();
      }
      String after =
          Registry.on(store.repo()).state().require(name).versionInStage(stage).orElse("");
      if (after.equals(holder)) {
        return withPrevious(outcome, previous);
      }
    }
    return withPrevious(outcome, previous);
  }

  /** Checks every serving target that can be checked before the first write. */
  static void check(Serving serving) {
    Path dir = serving.dir();
    if (dir != null) {
      ServeDir.checkWritable(dir);
    }
  }

  private static ServingVersion located(Store store, ArtifactState artifact, String version) {
    ServingVersion content =
        ServingVersion.locate(store, artifact, artifact.requireActive(version));
    content.verifyOnRemote(store);
    content.fetch(store);
    return content;
  }

  private static Serving.Outcome withPrevious(Serving.Outcome o, @Nullable String previous) {
    return new Serving.Outcome(
        o.version(),
        o.dirVersion(),
        previous,
        o.dirWritten(),
        o.uriPrefix(),
        o.uriWritten(),
        o.uriSkipped(),
        o.serverSideCopy());
  }
}

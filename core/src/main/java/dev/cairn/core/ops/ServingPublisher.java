package dev.cairn.core.ops;

import dev.cairn.core.InvalidInputException;
import dev.cairn.core.registry.ArtifactState;
import dev.cairn.core.registry.Registry;
import dev.cairn.core.registry.VersionState;
import dev.cairn.core.remote.Remote;
import dev.cairn.core.remote.RemoteKeys;
import dev.cairn.core.remote.RemoteSpec;
import dev.cairn.core.remote.Remotes;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The steps of {@link Serving#publish}, shared with {@link Rollback}. */
final class ServingPublisher {
  private static final Logger LOG = LoggerFactory.getLogger(ServingPublisher.class);

  private ServingPublisher() {}

  static Serving.Outcome publish(Store store, Serving serving, String name, String version) {
    ArtifactState artifact = Registry.on(store.repo()).state().require(name);
    VersionState state = requireActive(artifact, version);
    ServingVersion content = ServingVersion.locate(store, artifact, state);
    content.verifyOnRemote(store);
    content.fetch(store);
    return serve(store, serving, content);
  }

  /** Publishes content whose objects are in the cache to every serving target. */
  static Serving.Outcome serve(Store store, Serving serving, ServingVersion content) {
    Path dir = serving.dir();
    Path versionDir = null;
    String previous = null;
    boolean dirWritten = false;
    if (dir != null) {
      ServeDir.Published published =
          ServeDir.publish(
              content.cache(),
              content.oid(),
              content.fileName(),
              dir,
              content.version(),
              serving.keep(),
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
        prefix = RemoteKeys.redact(published.prefix());
        written = published.written();
        skipped = published.skipped();
        serverSide = published.serverSideCopy();
      }
    }
    LOG.info("Serving {}@{}", content.name(), content.version());
    return new Serving.Outcome(
        content.version(), versionDir, previous, dirWritten, prefix, written, skipped, serverSide);
  }

  static VersionState requireVersion(ArtifactState artifact, String version) {
    return artifact
        .version(version)
        .orElseThrow(
            () ->
                new InvalidInputException(
                    "Cannot find version: "
                        + artifact.name()
                        + "@"
                        + version
                        + " (see cairn show "
                        + artifact.name()
                        + ")"));
  }

  static VersionState requireActive(ArtifactState artifact, String version) {
    VersionState state = requireVersion(artifact, version);
    if (!state.registered() || !state.active()) {
      throw new InvalidInputException(
          "Cannot use version: "
              + artifact.name()
              + "@"
              + version
              + " (it is deregistered; register it again or pick another)");
    }
    return state;
  }
}

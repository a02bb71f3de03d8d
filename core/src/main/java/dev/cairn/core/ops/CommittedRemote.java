package dev.cairn.core.ops;

import dev.cairn.core.ConfigurationException;
import dev.cairn.core.dvc.DvcConfig;
import dev.cairn.core.dvc.RemoteConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a step commits about its data remote, so that {@code dvc pull} in a clone finds the version
 * it wrote. The step's remote is looked up in the committed {@code .dvc/config} by url (and
 * endpoint): found, missing non-secret settings are added to it; not found, it is added as a new
 * remote. When it is not the default remote the output names it ({@code remote: NAME}, DVC 3's
 * per-output remote), so the default stays what the team set and other data keeps being pulled from
 * it.
 */
final class CommittedRemote {
  private static final Logger LOG = LoggerFactory.getLogger(CommittedRemote.class);

  /**
   * The outcome.
   *
   * @param configText the new {@code .dvc/config} text, or null when it stays as committed
   * @param outputRemote the remote the output must name, or null for the default one
   */
  record Plan(@Nullable String configText, @Nullable String outputRemote) {}

  private CommittedRemote() {}

  static Plan plan(
      Optional<String> committed,
      @Nullable String usedName,
      String url,
      Map<String, String> settings) {
    if (committed.isEmpty() || committed.get().isBlank()) {
      return new Plan(DvcConfig.withRemote("", SnapshotRun.REMOTE_NAME, url, settings, true), null);
    }
    String text = committed.get();
    DvcConfig config = DvcConfig.ofText(text, ".dvc/config");
    String defaultName = config.defaultRemoteName().orElse(null);
    String match = null;
    Map<String, String> matchOptions = Map.of();
    for (String name : config.remoteNames()) {
      RemoteConfig remote;
      try {
        remote = config.remote(name);
      } catch (ConfigurationException e) {
        continue;
      }
      boolean same =
          usedName == null ? sameStore(remote, url, settings) : name.equalsIgnoreCase(usedName);
      if (same && (match == null || name.equals(defaultName))) {
        match = name;
        matchOptions = remote.options();
      }
    }
    if (match == null) {
      String name = freeName(config);
      boolean makeDefault = defaultName == null;
      LOG.info("Adding remote {} ({}) to .dvc/config: the data is there", name, url);
      String changed = DvcConfig.withRemote(text, name, url, settings, makeDefault);
      return new Plan(changed, makeDefault ? null : name);
    }
    Map<String, String> missing = new LinkedHashMap<>();
    for (Map.Entry<String, String> setting : settings.entrySet()) {
      if (!matchOptions.containsKey(setting.getKey())) {
        missing.put(setting.getKey(), setting.getValue());
      }
    }
    String changed = null;
    if (!missing.isEmpty()) {
      LOG.info("Adding {} to remote {} in .dvc/config", missing.keySet(), match);
      changed = DvcConfig.withRemote(text, match, rawUrl(config, match), missing, false);
    }
    return new Plan(changed, match.equals(defaultName) ? null : match);
  }

  /** Same url, and the committed endpoint (if any) is the one the step used. */
  private static boolean sameStore(RemoteConfig remote, String url, Map<String, String> settings) {
    if (!trimmed(remote.url()).equals(trimmed(url))) {
      return false;
    }
    String committedEndpoint = remote.options().get("endpointurl");
    String usedEndpoint = settings.get("endpointurl");
    return committedEndpoint == null
        || committedEndpoint.isBlank()
        || (usedEndpoint != null && trimmed(committedEndpoint).equals(trimmed(usedEndpoint)));
  }

  /** The url as written in the section (a {@code remote://} reference stays one). */
  private static String rawUrl(DvcConfig config, String name) {
    return config.get("remote \"" + name + "\"", "url").orElseThrow();
  }

  private static String freeName(DvcConfig config) {
    String name = SnapshotRun.REMOTE_NAME;
    for (int i = 2; config.remoteNames().contains(name); i++) {
      name = SnapshotRun.REMOTE_NAME + i;
    }
    return name;
  }

  private static String trimmed(String url) {
    String u = url.strip();
    while (u.endsWith("/") && !u.endsWith("://")) {
      u = u.substring(0, u.length() - 1);
    }
    return u;
  }
}

package dev.cairn.steps.common;

import dev.cairn.core.registry.Lineage;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Who is running a step, for lineage and tag messages: the Argo workflow (name, uid, pod) or the
 * KFP run, from the environment the engines and the generated manifests provide, else the user and
 * host.
 *
 * @param engine {@code argo}, {@code kfp} or {@code local}
 * @param run the workflow name or KFP run id, if any
 * @param uid the workflow uid, if any
 * @param pod the pod name, or {@code user@host} when run by hand
 */
public record RunIdentity(String engine, @Nullable String run, @Nullable String uid, String pod) {

  /**
   * The identity of this process, in the KFP run {@code kfpRunId} when one is given (it takes the
   * place of {@code CAIRN_KFP_RUN_ID}).
   */
  public static RunIdentity current(@Nullable String kfpRunId) {
    Map<String, String> env = new java.util.HashMap<>(System.getenv());
    if (kfpRunId != null && !kfpRunId.isBlank()) {
      env.put("CAIRN_KFP_RUN_ID", kfpRunId);
    }
    return from(env, System.getProperty("user.name", "unknown"), hostName());
  }

  /** The identity described by {@code env} (testable without a real pod). */
  public static RunIdentity from(Map<String, String> env, String user, String host) {
    String podName = first(env, "CAIRN_POD_NAME", "ARGO_POD_NAME", "KFP_POD_NAME");
    String argo = first(env, "CAIRN_WORKFLOW_NAME", "ARGO_WORKFLOW_NAME");
    if (argo != null || env.containsKey("ARGO_NODE_ID")) {
      return new RunIdentity(
          "argo",
          argo,
          first(env, "CAIRN_WORKFLOW_UID", "ARGO_WORKFLOW_UID"),
          podName != null ? podName : env.getOrDefault("HOSTNAME", host));
    }
    String kfpGiven = first(env, "CAIRN_KFP_RUN_ID", "KFP_RUN_ID");
    String kfp = resolved(kfpGiven);
    if (kfpGiven != null || env.containsKey("KFP_POD_NAME")) {
      return new RunIdentity(
          "kfp", kfp, null, podName != null ? podName : env.getOrDefault("HOSTNAME", host));
    }
    return new RunIdentity("local", null, null, user + "@" + host);
  }

  /** The lineage record of this run. */
  public Lineage.Run lineage() {
    return new Lineage.Run(engine, run, uid, pod);
  }

  /** One phrase for tag messages and summaries: who did it. */
  public String describe() {
    return switch (engine) {
      case "argo" ->
          "argo workflow "
              + (run == null ? "?" : run)
              + (uid == null ? "" : " (" + uid + ")")
              + " pod "
              + pod;
      case "kfp" -> "kfp run " + (run == null ? "?" : run) + " pod " + pod;
      default -> pod;
    };
  }

  /**
   * A KFP backend older than 2.4 passes the run-id placeholder ({@code {{$.pipeline_job_uuid}}})
   * through unresolved: that is no run id, and lineage must not record it as one.
   */
  private static @Nullable String resolved(@Nullable String kfpRunId) {
    return kfpRunId == null || kfpRunId.contains("{{") ? null : kfpRunId;
  }

  private static @Nullable String first(Map<String, String> env, String... names) {
    for (String name : names) {
      String value = env.get(name);
      if (value != null && !value.isBlank()) {
        return value.strip();
      }
    }
    return null;
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}

package dev.cairn.core.remote.s3;

import dev.cairn.core.remote.Remote;
import dev.cairn.core.remote.RemoteSpec;
import dev.cairn.core.remote.Remotes;
import java.util.List;
import java.util.Map;

/**
 * Run in a child JVM by {@link S3SsoProfileIT} (whose HOME and AWS config point at temp files):
 * opens {@code args[0]} with {@code endpointurl=args[1]} and {@code profile=args[2]}, asks the
 * remote whether a key exists, prints {@code OK} or the error's one line.
 */
public final class SsoProbe {
  private SsoProbe() {}

  public static void main(String[] args) {
    try (Remote remote =
        Remotes.open(
            RemoteSpec.of(
                args[0],
                Map.of("endpointurl", args[1], "profile", args[2], "region", "us-east-1")))) {
      remote.existing(List.of("files/md5/00/000000000000000000000000000000"));
      System.out.println("OK");
    } catch (RuntimeException e) {
      for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
        System.out.println("  cause " + t.getClass().getSimpleName() + ": " + t.getMessage());
      }
      System.out.println(e.getClass().getSimpleName() + ": " + e.getMessage());
      System.exit(3);
    }
  }
}

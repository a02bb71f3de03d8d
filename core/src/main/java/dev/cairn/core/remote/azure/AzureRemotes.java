package dev.cairn.core.remote.azure;

import com.azure.core.credential.AzureSasCredential;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.identity.AzureCliCredentialBuilder;
import com.azure.identity.ChainedTokenCredentialBuilder;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.identity.EnvironmentCredentialBuilder;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import com.azure.identity.WorkloadIdentityCredentialBuilder;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobContainerClientBuilder;
import com.azure.storage.common.StorageSharedKeyCredential;
import dev.cairn.core.ConfigurationException;
import dev.cairn.core.InvalidInputException;
import dev.cairn.core.remote.Remote;
import dev.cairn.core.remote.RemoteSpec;
import dev.cairn.core.remote.cloud.CloudLocation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Opens {@code azure://container/prefix} remotes configured the DVC way. Credentials are tried in
 * DVC's order: {@code connection_string}; {@code tenant_id} + {@code client_id} + {@code
 * client_secret} (a service principal); {@code account_key}; {@code sas_token}; {@code
 * allow_anonymous_login}; then the same from the environment ({@code
 * AZURE_STORAGE_CONNECTION_STRING}, {@code AZURE_STORAGE_KEY}, {@code AZURE_STORAGE_SAS_TOKEN},
 * each also as a {@code *_FILE} variable naming a mounted Secret file); else Azure's default chain:
 * environment service principal, AKS Workload Identity, managed identity, Azure CLI ({@code
 * exclude_*_credential} options drop members). The account comes from {@code account_name} or
 * {@code AZURE_STORAGE_ACCOUNT}. Opening sends no request.
 */
public final class AzureRemotes {
  private AzureRemotes() {}

  public static Remote open(RemoteSpec spec) {
    return open(spec, System::getenv);
  }

  static Remote open(RemoteSpec spec, Function<String, @Nullable String> env) {
    CloudLocation location = AzureLocation.parse(spec.url());
    BlobContainerClientBuilder builder =
        new BlobContainerClientBuilder()
            .containerName(location.root())
            .httpClient(httpClient(spec));
    Secrets secrets = new Secrets(spec, env);
    Optional<String> connection =
        secrets.get("connection_string", "AZURE_STORAGE_CONNECTION_STRING");
    String endpoint;
    String sas = null;
    if (connection.isPresent()) {
      try {
        builder.connectionString(connection.get());
      } catch (IllegalArgumentException e) {
        throw new ConfigurationException(
            "Cannot use the Azure connection string of " + location.url() + " (it is malformed)");
      }
      endpoint = blobEndpoint(connection.get());
      sas = connectionPart(connection.get(), "SharedAccessSignature");
    } else {
      String account =
          spec.option("account_name")
              .or(() -> Optional.ofNullable(env.apply("AZURE_STORAGE_ACCOUNT")))
              .orElseThrow(
                  () ->
                      new ConfigurationException(
                          "Cannot open Azure remote "
                              + location.url()
                              + " (set account_name, e.g. dvc remote modify <name> account_name"
                              + " <account>, or a connection_string)"));
      if (!account.matches("[a-z0-9]{3,24}")) {
        throw new InvalidInputException(
            "Cannot use Azure account_name: " + account + " (3-24 lower-case letters and digits)");
      }
      endpoint = "https://" + account + ".blob.core.windows.net";
      builder.endpoint(endpoint);
      sas = credentials(spec, secrets, builder, account);
    }
    BlobContainerClient container = builder.buildClient();
    return new AzureRemote(container, location, spec.tuning(), endpoint, sas);
  }

  /** Sets the credential; returns the SAS token when that is the credential. */
  private static @Nullable String credentials(
      RemoteSpec spec, Secrets secrets, BlobContainerClientBuilder builder, String account) {
    Optional<String> tenant = spec.option("tenant_id");
    Optional<String> client = spec.option("client_id");
    Optional<String> secret = spec.option("client_secret");
    if (tenant.isPresent() && client.isPresent() && secret.isPresent()) {
      builder.credential(
          new ClientSecretCredentialBuilder()
              .tenantId(tenant.get())
              .clientId(client.get())
              .clientSecret(secret.get())
              .build());
      return null;
    }
    Optional<String> key = secrets.get("account_key", "AZURE_STORAGE_KEY");
    if (key.isPresent()) {
      builder.credential(new StorageSharedKeyCredential(account, key.get()));
      return null;
    }
    Optional<String> sas = secrets.get("sas_token", "AZURE_STORAGE_SAS_TOKEN");
    if (sas.isPresent()) {
      String token = sas.get().startsWith("?") ? sas.get().substring(1) : sas.get();
      builder.credential(new AzureSasCredential(token));
      return token;
    }
    if (spec.flag("allow_anonymous_login", false)) {
      return null;
    }
    builder.credential(defaultChain(spec, tenant.orElse(null)));
    return null;
  }

  /** Azure's default chain minus the members DVC's {@code exclude_*_credential} options drop. */
  private static TokenCredential defaultChain(RemoteSpec spec, @Nullable String tenant) {
    ChainedTokenCredentialBuilder chain = new ChainedTokenCredentialBuilder();
    if (!spec.flag("exclude_environment_credential", false)) {
      chain.addLast(new EnvironmentCredentialBuilder().build());
    }
    if (System.getenv("AZURE_FEDERATED_TOKEN_FILE") != null
        && !spec.flag("exclude_workload_identity_credential", false)) {
      WorkloadIdentityCredentialBuilder workload = new WorkloadIdentityCredentialBuilder();
      if (tenant != null) {
        workload.tenantId(tenant);
      }
      chain.addLast(workload.build());
    }
    if (!spec.flag("exclude_managed_identity_credential", false)) {
      ManagedIdentityCredentialBuilder managed = new ManagedIdentityCredentialBuilder();
      spec.option("client_id").ifPresent(managed::clientId);
      chain.addLast(managed.build());
    }
    if (!spec.flag("exclude_cli_credential", false)) {
      chain.addLast(new AzureCliCredentialBuilder().build());
    }
    return chain.build();
  }

  /** A part of a connection string ({@code SharedAccessSignature}), or null. */
  private static @Nullable String connectionPart(String connectionString, String wanted) {
    for (String part : connectionString.split(";", -1)) {
      int eq = part.indexOf('=');
      if (eq > 0 && part.substring(0, eq).trim().equalsIgnoreCase(wanted)) {
        String value = part.substring(eq + 1).trim();
        return value.startsWith("?") ? value.substring(1) : value;
      }
    }
    return null;
  }

  /** The connection string's BlobEndpoint (or the account's public endpoint), for messages. */
  private static String blobEndpoint(String connectionString) {
    String account = null;
    for (String part : connectionString.split(";", -1)) {
      int eq = part.indexOf('=');
      if (eq < 0) {
        continue;
      }
      String name = part.substring(0, eq).trim();
      if (name.equalsIgnoreCase("BlobEndpoint")) {
        return part.substring(eq + 1).trim();
      }
      if (name.equalsIgnoreCase("AccountName")) {
        account = part.substring(eq + 1).trim();
      }
    }
    return "https://" + (account == null ? "<account>" : account) + ".blob.core.windows.net";
  }

  private static HttpClient httpClient(RemoteSpec spec) {
    JdkHttpClientBuilder builder = new JdkHttpClientBuilder();
    seconds(spec, "connection_timeout").ifPresent(builder::connectionTimeout);
    seconds(spec, "read_timeout").ifPresent(builder::readTimeout);
    return builder.build();
  }

  private static Optional<Duration> seconds(RemoteSpec spec, String option) {
    return spec.option(option)
        .map(
            v -> {
              try {
                return Duration.ofMillis(Math.round(Double.parseDouble(v) * 1000));
              } catch (NumberFormatException e) {
                throw new InvalidInputException(
                    "Cannot use remote option " + option + ": " + v + " (expected seconds)");
              }
            });
  }

  /**
   * A secret from the DVC option, else the variable, else the file the {@code *_FILE} variable
   * names.
   */
  private record Secrets(RemoteSpec spec, Function<String, @Nullable String> env) {
    Optional<String> get(String option, String variable) {
      Optional<String> configured = spec.option(option);
      if (configured.isPresent()) {
        return configured;
      }
      String value = env.apply(variable);
      if (value != null && !value.isBlank()) {
        return Optional.of(value.trim());
      }
      String file = env.apply(variable + "_FILE");
      if (file == null || file.isBlank()) {
        return Optional.empty();
      }
      try {
        return Optional.of(Files.readString(Path.of(file), StandardCharsets.UTF_8).trim());
      } catch (IOException e) {
        throw new ConfigurationException(
            "Cannot read "
                + variable
                + "_FILE: "
                + file
                + " (mount the Secret there, or unset it)");
      }
    }
  }
}

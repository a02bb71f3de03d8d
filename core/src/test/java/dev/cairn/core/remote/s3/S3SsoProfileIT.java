package dev.cairn.core.remote.s3;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A DVC remote whose {@code profile} names an AWS SSO (IAM Identity Center) profile: the AWS SDK's
 * sso module reads the cached token from {@code ~/.aws/sso/cache/<sha1(start url)>.json}, asks the
 * SSO portal for role credentials, and the S3 request is signed with them. The portal is an
 * in-process HTTP server on loopback ({@code AWS_ENDPOINT_URL_SSO}); the S3 endpoint is another one
 * that records how each request was signed (S3Proxy answers 501 to any request carrying a session
 * token, which SSO role credentials always have). The remote is opened in a child JVM whose {@code
 * HOME} is a temp folder, so the real home is never read or written.
 */
class S3SsoProfileIT {
  private static final String START_URL = "https://example.awsapps.com/start";

  @TempDir Path home;
  private HttpServer s3;
  private HttpServer portal;
  private final List<String> portalRequests = new CopyOnWriteArrayList<>();
  private final List<String> s3Requests = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    s3 = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    s3.createContext(
        "/",
        exchange -> {
          s3Requests.add(
              exchange.getRequestMethod()
                  + " "
                  + exchange.getRequestURI().getPath()
                  + " auth="
                  + exchange.getRequestHeaders().getFirst("Authorization")
                  + " token="
                  + exchange.getRequestHeaders().getFirst("x-amz-security-token"));
          exchange.getRequestBody().readAllBytes();
          if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.sendResponseHeaders(404, -1);
          } else {
            byte[] body =
                ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListBucketResult"
                        + " xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>sso</Name>"
                        + "<KeyCount>0</KeyCount><IsTruncated>false</IsTruncated></ListBucketResult>")
                    .getBytes(UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/xml");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
          }
          exchange.close();
        });
    s3.start();
    portal = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    portal.createContext(
        "/federation/credentials",
        exchange -> {
          portalRequests.add(
              exchange.getRequestURI().getRawQuery()
                  + " token="
                  + exchange.getRequestHeaders().getFirst("x-amz-sso_bearer_token"));
          byte[] body =
              ("{\"roleCredentials\":{\"accessKeyId\":\"access\",\"secretAccessKey\":\"secret\","
                      + "\"sessionToken\":\"session\",\"expiration\":"
                      + (System.currentTimeMillis() + 3_600_000L)
                      + "}}")
                  .getBytes(UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    portal.start();
  }

  @AfterEach
  void stop() throws Exception {
    portal.stop(0);
    s3.stop(0);
  }

  private void ssoProfile(boolean cachedToken) throws Exception {
    Path aws = Files.createDirectories(home.resolve(".aws"));
    Files.writeString(
        aws.resolve("config"),
        "[profile sso-dev]\n"
            + "sso_start_url = "
            + START_URL
            + "\nsso_region = eu-west-1\nsso_account_id = 123456789012\n"
            + "sso_role_name = DataScientist\nregion = us-east-1\n",
        UTF_8);
    if (cachedToken) {
      String name =
          HexFormat.of()
              .formatHex(MessageDigest.getInstance("SHA-1").digest(START_URL.getBytes(UTF_8)));
      Path cache = Files.createDirectories(aws.resolve("sso/cache"));
      Files.writeString(
          cache.resolve(name + ".json"),
          "{\"startUrl\": \""
              + START_URL
              + "\", \"region\": \"eu-west-1\", \"accessToken\": \"cached-sso-token\","
              + " \"expiresAt\": \"2099-01-01T00:00:00Z\"}",
          UTF_8);
    }
  }

  private Map.Entry<Integer, String> probe(String bucket) throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                SsoProbe.class.getName(),
                "s3://" + bucket + "/dvc",
                "http://127.0.0.1:" + s3.getAddress().getPort(),
                "sso-dev")
            .redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(k -> k.startsWith("AWS_"));
    env.put("HOME", home.toString());
    env.put("AWS_CONFIG_FILE", home.resolve(".aws/config").toString());
    env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve(".aws/credentials").toString());
    env.put("AWS_ENDPOINT_URL_SSO", "http://127.0.0.1:" + portal.getAddress().getPort());
    env.put("AWS_EC2_METADATA_DISABLED", "true");
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return Map.entry(process.exitValue(), out);
  }

  @Test
  void ssoProfile_cachedToken_getsRoleCredentialsFromPortalAndSignsS3Requests() throws Exception {
    ssoProfile(true);
    Map.Entry<Integer, String> result = probe("sso");

    assertThat(result.getKey()).as(result.getValue()).isZero();
    assertThat(result.getValue()).contains("OK");
    assertThat(portalRequests)
        .anySatisfy(
            r ->
                assertThat(r)
                    .contains("account_id=123456789012", "role_name=DataScientist")
                    .endsWith("token=cached-sso-token"));
    assertThat(s3Requests)
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r).contains("Credential=access/").endsWith("token=session"));
  }

  @Test
  void ssoProfile_noCachedToken_saysToLogInNotThatCredentialsAreMissing() throws Exception {
    ssoProfile(false);
    Map.Entry<Integer, String> result = probe("sso");

    assertThat(result.getKey()).as(result.getValue()).isEqualTo(3);
    assertThat(result.getValue().lines().filter(l -> !l.isBlank()).toList())
        .as(result.getValue())
        .last()
        .asString()
        .startsWith(
            "ConfigurationException: Cannot get AWS credentials for s3://sso/dvc from SSO profile"
                + " sso-dev: The SSO session associated with this profile has expired")
        .endsWith(
            "(run aws sso login --profile sso-dev; in a pod use IRSA or a credentials Secret instead)");
    assertThat(portalRequests).isEmpty();
    assertThat(s3Requests).isEmpty();
  }
}

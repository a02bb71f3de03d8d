package dev.cairn.core.git;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.cairn.core.CairnException;
import dev.cairn.core.ConfigurationException;
import dev.cairn.core.Redaction;
import dev.cairn.core.RemoteAccessException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;
import org.eclipse.jgit.errors.NotSupportedException;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.FetchConnection;
import org.eclipse.jgit.transport.FetchResult;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.jspecify.annotations.Nullable;

/** One Git remote: list refs, fetch into the local mirror, push atomically; JGit errors mapped. */
final class RemoteEndpoint {
  private final URIish uri;
  private final String displayUrl;
  private final @Nullable SshSupport ssh;
  private final @Nullable CredentialsProvider credentials;

  RemoteEndpoint(String url, GitAccess access, Path sshHome) {
    try {
      this.uri = new URIish(url);
    } catch (URISyntaxException e) {
      throw new ConfigurationException(
          "Cannot parse Git URL: " + Redaction.redact(url) + " (" + e.getReason() + ")");
    }
    this.displayUrl = Redaction.redact(url);
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    boolean sshUrl = scheme.equals("ssh") || (scheme.isEmpty() && uri.getHost() != null);
    if (sshUrl) {
      if (access.sshPrivateKey() == null || access.knownHosts() == null) {
        throw new ConfigurationException(
            "Cannot connect to Git remote: "
                + displayUrl
                + " (an SSH URL needs a private key file and a known_hosts file)");
      }
      this.ssh = new SshSupport(access.sshPrivateKey(), access.knownHosts(), sshHome);
    } else {
      this.ssh = null;
    }
    Path tokenFile = access.httpsTokenFile();
    if (tokenFile != null && scheme.startsWith("http")) {
      SshSupport.checkReadable(tokenFile, "HTTPS token file");
      String token;
      try {
        token = Files.readString(tokenFile, UTF_8).strip();
      } catch (IOException e) {
        throw new ConfigurationException("Cannot read HTTPS token file: " + tokenFile, e);
      }
      this.credentials = new UsernamePasswordCredentialsProvider(access.httpsUser(), token);
    } else {
      this.credentials = null;
    }
  }

  String displayUrl() {
    return displayUrl;
  }

  /** The remote's refs by name ({@code refs/heads/main}, {@code refs/tags/x}). */
  Map<String, ObjectId> listRefs(Repository local) {
    try (Transport transport = open(local);
        FetchConnection connection = transport.openFetch()) {
      Map<String, ObjectId> refs = new HashMap<>();
      for (Ref ref : connection.getRefs()) {
        if (ref.getObjectId() != null && !ref.isSymbolic()) {
          refs.put(ref.getName(), ref.getObjectId());
        }
      }
      return refs;
    } catch (TransportException e) {
      throw failure("list refs of", e);
    } catch (NotSupportedException e) {
      throw new ConfigurationException(
          "Cannot use Git URL: " + displayUrl + " (unsupported transport)", e);
    }
  }

  /** Fetches the given ref specs (depth 1 when {@code shallow}). */
  void fetch(Repository local, List<RefSpec> specs, boolean shallow) {
    if (specs.isEmpty()) {
      return;
    }
    try (Transport transport = open(local)) {
      transport.setTagOpt(TagOpt.NO_TAGS);
      transport.setRemoveDeletedRefs(false);
      if (shallow) {
        transport.setDepth(1);
      }
      FetchResult result = transport.fetch(NullProgressMonitor.INSTANCE, specs);
      result.getTrackingRefUpdates();
    } catch (TransportException e) {
      throw failure("fetch from", e);
    } catch (NotSupportedException e) {
      throw new ConfigurationException(
          "Cannot fetch from Git remote: " + displayUrl + " (" + e.getMessage() + ")", e);
    }
  }

  /**
   * What an atomic push did.
   *
   * @param rejection null if every ref was updated, else the rejection text the server or JGit gave
   * @param alreadyThere the remote already held every ref at exactly the pushed object (another
   *     writer pushed byte-identical objects first, e.g. two runs of the same data in one second):
   *     nothing was changed by this push
   */
  record Pushed(@Nullable String rejection, boolean alreadyThere) {}

  /** Pushes all updates in one atomic transaction. */
  Pushed pushAtomic(Repository local, Collection<RemoteRefUpdate> updates) {
    try (Transport transport = open(local)) {
      transport.setPushAtomic(true);
      PushResult result = transport.push(NullProgressMonitor.INSTANCE, updates);
      List<String> problems = new ArrayList<>();
      boolean allUpToDate = !result.getRemoteUpdates().isEmpty();
      for (RemoteRefUpdate update : result.getRemoteUpdates()) {
        RemoteRefUpdate.Status status = update.getStatus();
        allUpToDate &= status == RemoteRefUpdate.Status.UP_TO_DATE;
        if (status != RemoteRefUpdate.Status.OK && status != RemoteRefUpdate.Status.UP_TO_DATE) {
          problems.add(
              update.getRemoteName()
                  + " "
                  + status
                  + (update.getMessage() == null ? "" : " (" + update.getMessage() + ")"));
        }
      }
      if (problems.isEmpty()) {
        return new Pushed(null, allUpToDate);
      }
      String messages = result.getMessages() == null ? "" : result.getMessages().strip();
      return new Pushed(
          String.join("; ", problems) + (messages.isEmpty() ? "" : "; server said: " + messages),
          false);
    } catch (TransportException e) {
      throw failure("push to", e);
    } catch (NotSupportedException e) {
      throw new ConfigurationException(
          "Cannot push to Git remote: " + displayUrl + " (" + e.getMessage() + ")", e);
    }
  }

  /** The repository's directory when the remote is on this file system (a path or file:// URL). */
  @Nullable Path localDirectory() {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if ((scheme.isEmpty() && uri.getHost() == null) || scheme.equals("file")) {
      return Path.of(uri.getPath());
    }
    return null;
  }

  void close() {
    if (ssh != null) {
      ssh.close();
    }
  }

  private Transport open(Repository local) {
    try {
      Transport transport = Transport.open(local, uri);
      if (ssh != null && transport instanceof SshTransport sshTransport) {
        sshTransport.setSshSessionFactory(ssh.factory());
      }
      if (credentials != null) {
        transport.setCredentialsProvider(credentials);
      }
      transport.setTimeout(120);
      return transport;
    } catch (NotSupportedException e) {
      throw new ConfigurationException(
          "Cannot use Git URL: " + displayUrl + " (unsupported transport)", e);
    } catch (TransportException e) {
      throw failure("connect to", e);
    }
  }

  /** Maps a JGit transport failure to the exception a user can act on. */
  CairnException failure(String verb, Exception e) {
    String refusal = ssh == null ? null : ssh.takeHostKeyRefusal();
    if (refusal != null) {
      return new ConfigurationException(
          "Cannot verify SSH server " + displayUrl + ": " + refusal, e);
    }
    if (e instanceof NoRemoteRepositoryException
        || hasCause(e, NoRemoteRepositoryException.class)) {
      return new RemoteAccessException(
          "Cannot find Git repository: "
              + displayUrl
              + (displayUrl.startsWith("file:") || displayUrl.startsWith("/")
                  ? " (check the path; create it with git init --bare)"
                  : " (check the URL and that these credentials may read it)"),
          e);
    }
    String text = allMessages(e).toLowerCase(Locale.ROOT);
    if (text.contains("auth")
        || text.contains("publickey")
        || text.contains("not authorized")
        || text.contains("permission denied")) {
      return new ConfigurationException(
          "Cannot authenticate to Git remote: "
              + displayUrl
              + " (the key or token was refused; check it is authorized for this repository)",
          e);
    }
    if (text.contains("not found")
        || text.contains("does not appear to be a git repository")
        || text.contains("repository not found")
        || text.contains("no such file")) {
      return new RemoteAccessException(
          "Cannot find Git repository: "
              + displayUrl
              + (displayUrl.startsWith("file:") || displayUrl.startsWith("/")
                  ? " (check the path; create it with git init --bare)"
                  : " (check the URL and that these credentials may read it)"),
          e);
    }
    return new RemoteAccessException(
        "Cannot " + verb + " Git remote: " + displayUrl + " (" + firstLine(e) + ")", e);
  }

  private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  private static String allMessages(Throwable e) {
    StringBuilder sb = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      sb.append(t.getMessage()).append(' ');
    }
    return sb.toString();
  }

  private static String firstLine(Throwable e) {
    String message = String.valueOf(e.getMessage());
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }

  static RuntimeException io(IOException e) {
    return new UncheckedIOException(e);
  }

  static RuntimeException api(GitAPIException e) {
    return new CairnException("Cannot run Git operation: " + e.getMessage(), e);
  }
}

package dev.cairn.core.git;

import dev.cairn.core.InvalidInputException;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.BatchRefUpdate;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TagBuilder;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevTag;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.jspecify.annotations.Nullable;

/** Reads and writes objects and refs of the local repository (no network). */
final class LocalObjects {
  private final Repository repo;
  private final GitIdentity identity;

  /** Objects written for one attempt: the commit (or null) and tag objects by tag name. */
  record Prepared(
      @Nullable ObjectId commit,
      Map<String, ObjectId> tags,
      List<String> claims,
      List<MarkerUpdate> markers) {
    /**
     * Full ref names of the claims, each pointing at one of this write's new tag objects. A claim
     * whose ref is in {@code seen} (the claim refs of the snapshot the change was computed from) is
     * stale and takes the first of {@code <claim>.2}, {@code <claim>.3}, … not in {@code seen}.
     */
    Map<String, ObjectId> claimRefs(Set<String> seen) {
      Map<String, ObjectId> refs = new LinkedHashMap<>();
      if (!claims.isEmpty()) {
        ObjectId target = tags.values().iterator().next();
        for (String claim : claims) {
          String ref = Change.CLAIMS_PREFIX + claim;
          for (int n = 2; seen.contains(ref); n++) {
            ref = Change.CLAIMS_PREFIX + claim + "." + n;
          }
          refs.put(ref, target);
        }
      }
      return refs;
    }
  }

  /**
   * One marker ref to change: {@code newId} zero deletes it, {@code expected} zero means it must
   * not exist.
   */
  record MarkerUpdate(String ref, ObjectId newId, ObjectId expected) {
    boolean delete() {
      return newId.equals(ObjectId.zeroId());
    }
  }

  LocalObjects(Repository repo, GitIdentity identity) {
    this.repo = repo;
    this.identity = identity;
  }

  Map<String, ObjectId> refs(String prefix) {
    try {
      Map<String, ObjectId> result = new HashMap<>();
      for (Ref ref : repo.getRefDatabase().getRefsByPrefix(prefix)) {
        if (ref.getObjectId() != null && !ref.isSymbolic()) {
          result.put(ref.getName(), ref.getObjectId());
        }
      }
      return result;
    } catch (IOException e) {
      throw RemoteEndpoint.io(e);
    }
  }

  List<GitTag> readTags() {
    List<GitTag> result = new ArrayList<>();
    try (RevWalk walk = new RevWalk(repo)) {
      for (Ref ref : repo.getRefDatabase().getRefsByPrefix(Constants.R_TAGS)) {
        ObjectId id = ref.getObjectId();
        if (id == null) {
          continue;
        }
        String name = ref.getName().substring(Constants.R_TAGS.length());
        RevObject object = walk.parseAny(id);
        if (object instanceof RevTag tag) {
          RevObject target = tag.getObject();
          if (target instanceof RevTag) {
            target = walk.peel(target);
          }
          PersonIdent tagger = tag.getTaggerIdent();
          Instant time = tagger == null ? Instant.EPOCH : tagger.getWhenAsInstant();
          result.add(
              new GitTag(
                  name,
                  target.name(),
                  time,
                  tagger == null ? "" : tagger.getName(),
                  tagger == null ? "" : tagger.getEmailAddress(),
                  tag.getFullMessage()));
        } else {
          result.add(GitTag.lightweight(name, object.name()));
        }
      }
    } catch (IOException e) {
      throw RemoteEndpoint.io(e);
    }
    return result;
  }

  /** Every marker: a ref below refs/cairn/ other than a claim, pointing at an annotated tag. */
  List<GitMarker> readMarkers() {
    List<GitMarker> result = new ArrayList<>();
    try (RevWalk walk = new RevWalk(repo)) {
      for (Ref ref : repo.getRefDatabase().getRefsByPrefix(GitMarker.PREFIX)) {
        ObjectId id = ref.getObjectId();
        if (id == null || ref.getName().startsWith(Change.CLAIMS_PREFIX)) {
          continue;
        }
        if (walk.parseAny(id) instanceof RevTag tag) {
          RevObject target = walk.peel(tag);
          PersonIdent tagger = tag.getTaggerIdent();
          String name = ref.getName().substring(GitMarker.PREFIX.length());
          result.add(
              new GitMarker(
                  name,
                  id.name(),
                  new GitTag(
                      name,
                      target.name(),
                      tagger == null ? Instant.EPOCH : tagger.getWhenAsInstant(),
                      tagger == null ? "" : tagger.getName(),
                      tagger == null ? "" : tagger.getEmailAddress(),
                      tag.getFullMessage())));
        }
      }
    } catch (IOException e) {
      throw RemoteEndpoint.io(e);
    }
    return result;
  }

  ObjectId resolveCommit(String revision) {
    try {
      ObjectId id = repo.resolve(revision + "^{commit}");
      if (id == null) {
        throw new InvalidInputException(
            "Cannot find revision: '" + revision + "' (fetch it or check the spelling)");
      }
      return id;
    } catch (IOException | RuntimeException e) {
      if (e instanceof InvalidInputException invalid) {
        throw invalid;
      }
      throw new InvalidInputException("Cannot resolve revision: '" + revision + "'", e);
    }
  }

  GitCommit commit(ObjectId commitId) {
    try (RevWalk walk = new RevWalk(repo)) {
      RevCommit c = walk.parseCommit(commitId);
      PersonIdent author = c.getAuthorIdent();
      return new GitCommit(
          c.name(),
          Instant.ofEpochSecond(c.getCommitTime()),
          author.getName(),
          author.getEmailAddress(),
          c.getFullMessage());
    } catch (IOException e) {
      throw RemoteEndpoint.io(e);
    }
  }

  Optional<byte[]> readFile(ObjectId commitId, String path) {
    try (RevWalk walk = new RevWalk(repo)) {
      RevCommit commit = walk.parseCommit(commitId);
      try (TreeWalk tree = TreeWalk.forPath(repo, path, commit.getTree())) {
        if (tree == null
            || (!tree.getFileMode(0).equals(FileMode.REGULAR_FILE)
                && !tree.getFileMode(0).equals(FileMode.EXECUTABLE_FILE))) {
          return Optional.empty();
        }
        return Optional.of(repo.open(tree.getObjectId(0)).getBytes());
      }
    } catch (IOException e) {
      throw RemoteEndpoint.io(e);
    }
  }

  Prepared prepare(Change change, @Nullable ObjectId parent) {
    try (ObjectInserter inserter = repo.newObjectInserter();
        ObjectReader reader = repo.newObjectReader();
        RevWalk walk = new RevWalk(reader)) {
      ObjectId commit = null;
      String message = change.commitMessage();
      if (message != null) {
        DirCache index = DirCache.newInCore();
        ObjectId parentTree = null;
        if (parent != null) {
          parentTree = walk.parseCommit(parent).getTree();
          DirCacheBuilder builder = index.builder();
          builder.addTree(new byte[0], DirCacheEntry.STAGE_0, reader, parentTree);
          builder.finish();
        }
        DirCacheEditor editor = index.editor();
        for (Map.Entry<String, byte[]> file : change.files().entrySet()) {
          ObjectId blob = inserter.insert(Constants.OBJ_BLOB, file.getValue());
          editor.add(
              new DirCacheEditor.PathEdit(file.getKey()) {
                @Override
                public void apply(DirCacheEntry entry) {
                  entry.setFileMode(FileMode.REGULAR_FILE);
                  entry.setObjectId(blob);
                }
              });
        }
        editor.finish();
        ObjectId tree = index.writeTree(inserter);
        if (parent == null || !tree.equals(parentTree) || change.allowEmptyCommit()) {
          CommitBuilder builder = new CommitBuilder();
          builder.setTreeId(tree);
          if (parent != null) {
            builder.setParentId(parent);
          }
          PersonIdent who = person(Instant.now());
          builder.setAuthor(who);
          builder.setCommitter(who);
          builder.setMessage(message.endsWith("\n") ? message : message + "\n");
          commit = inserter.insert(builder);
        }
      }
      Map<String, ObjectId> tags = new LinkedHashMap<>();
      for (NewTag tag : change.tags()) {
        tags.put(tag.name(), insertTag(inserter, tag, commit != null ? commit : parent));
      }
      List<MarkerUpdate> markers = new ArrayList<>();
      for (MarkerEdit edit : change.markers()) {
        NewTag annotation = edit.annotation();
        ObjectId newId =
            annotation == null
                ? ObjectId.zeroId()
                : insertTag(inserter, annotation, commit != null ? commit : parent);
        String expected = edit.expectedObjectId();
        markers.add(
            new MarkerUpdate(
                GitMarker.PREFIX + edit.name(),
                newId,
                expected == null ? ObjectId.zeroId() : ObjectId.fromString(expected)));
      }
      inserter.flush();
      return new Prepared(commit, tags, change.claims(), markers);
    } catch (IOException e) {
      throw RemoteEndpoint.io(e);
    }
  }

  private ObjectId insertTag(ObjectInserter inserter, NewTag tag, @Nullable ObjectId fallback)
      throws IOException {
    ObjectId target = tag.targetCommit() != null ? resolveCommit(tag.targetCommit()) : fallback;
    if (target == null) {
      throw new IllegalStateException("Cannot tag " + tag.name() + ": the branch has no commit");
    }
    TagBuilder builder = new TagBuilder();
    builder.setObjectId(target, Constants.OBJ_COMMIT);
    builder.setTag(tag.name());
    builder.setTagger(person(tag.time()));
    builder.setMessage(tag.message().endsWith("\n") ? tag.message() : tag.message() + "\n");
    return inserter.insert(builder);
  }

  /** After a successful push: make the local refs match what the remote now has. */
  void updateLocalRefs(String branch, Prepared prepared, @Nullable ObjectId parent) {
    try {
      if (prepared.commit() != null) {
        forceRef("refs/heads/" + branch, prepared.commit());
      }
      for (Map.Entry<String, ObjectId> tag : prepared.tags().entrySet()) {
        forceRef(Constants.R_TAGS + tag.getKey(), tag.getValue());
      }
      for (MarkerUpdate marker : prepared.markers()) {
        if (marker.delete()) {
          deleteRefs(List.of(marker.ref()));
        } else {
          forceRef(marker.ref(), marker.newId());
        }
      }
    } catch (IOException e) {
      throw RemoteEndpoint.io(e);
    }
  }

  /**
   * Local repositories: branch, tags and claims in one atomic ref transaction; null when it
   * succeeded.
   */
  @Nullable String updateRefsAtomically(
      String branch, Prepared prepared, @Nullable ObjectId parent, Set<String> claimsSeen) {
    BatchRefUpdate batch = repo.getRefDatabase().newBatchUpdate().setAtomic(true);
    if (prepared.commit() != null) {
      batch.addCommand(
          new ReceiveCommand(
              parent == null ? ObjectId.zeroId() : parent,
              prepared.commit(),
              "refs/heads/" + branch));
    }
    for (Map.Entry<String, ObjectId> tag : prepared.tags().entrySet()) {
      batch.addCommand(
          new ReceiveCommand(ObjectId.zeroId(), tag.getValue(), Constants.R_TAGS + tag.getKey()));
    }
    for (Map.Entry<String, ObjectId> claim : prepared.claimRefs(claimsSeen).entrySet()) {
      batch.addCommand(new ReceiveCommand(ObjectId.zeroId(), claim.getValue(), claim.getKey()));
    }
    for (MarkerUpdate marker : prepared.markers()) {
      batch.addCommand(new ReceiveCommand(marker.expected(), marker.newId(), marker.ref()));
    }
    try (RevWalk walk = new RevWalk(repo)) {
      batch.execute(walk, NullProgressMonitor.INSTANCE);
    } catch (IOException e) {
      throw RemoteEndpoint.io(e);
    }
    List<String> problems = new ArrayList<>();
    for (ReceiveCommand command : batch.getCommands()) {
      if (command.getResult() != ReceiveCommand.Result.OK) {
        problems.add(command.getRefName() + " " + command.getResult());
      }
    }
    return problems.isEmpty() ? null : String.join("; ", problems);
  }

  void deleteRefs(Collection<String> names) {
    try {
      for (String name : names) {
        RefUpdate update = repo.updateRef(name);
        update.setForceUpdate(true);
        update.delete();
      }
    } catch (IOException e) {
      throw RemoteEndpoint.io(e);
    }
  }

  private void forceRef(String name, ObjectId id) throws IOException {
    RefUpdate update = repo.updateRef(name);
    update.setNewObjectId(id);
    update.setForceUpdate(true);
    RefUpdate.Result result = update.update();
    if (result == RefUpdate.Result.LOCK_FAILURE
        || result == RefUpdate.Result.IO_FAILURE
        || result == RefUpdate.Result.REJECTED) {
      throw new IOException("Cannot update local ref " + name + ": " + result);
    }
  }

  private PersonIdent person(Instant when) {
    return new PersonIdent(identity.name(), identity.email(), when, ZoneOffset.UTC);
  }
}

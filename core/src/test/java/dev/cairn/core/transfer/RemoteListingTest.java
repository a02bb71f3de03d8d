package dev.cairn.core.transfer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.hash.Oid;
import dev.cairn.core.hash.Tree;
import dev.cairn.core.odb.Cache;
import dev.cairn.core.remote.InMemoryRemote;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many objects against a small remote are found by one listing, not one question each. */
class RemoteListingTest {
  @TempDir Path tmp;

  private static final int FILES = RemoteListing.FROM + 500;

  /** A cached directory of FILES files, the first {@code onRemote} of them also on the remote. */
  private static Oid dir(Cache cache, InMemoryRemote remote, int onRemote) {
    List<Tree.Entry> entries = new ArrayList<>();
    for (int i = 0; i < FILES; i++) {
      String content = "file " + i;
      Oid oid = TransferTest.md5(content);
      cache.install(oid, new ByteArrayInputStream(content.getBytes(UTF_8)), "test");
      entries.add(new Tree.Entry("d/f" + i, oid));
      if (i < onRemote) {
        remote.store(Layout.DVC3.key(oid), content.getBytes(UTF_8));
      }
    }
    return cache.addTree(Tree.of(entries));
  }

  private static long requests(InMemoryRemote remote, String kind) {
    return remote.requests().stream().filter(r -> r.kind().equals(kind)).count();
  }

  @Test
  void status_ofManyObjectsAgainstASmallRemote_listsIt_andFindsExactlyWhatIsThere() {
    Cache cache = Cache.at(tmp.resolve("cache"));
    try (InMemoryRemote remote = new InMemoryRemote()) {
      remote.store("files/md5/not/an-object", new byte[] {1}); // ignored, as DVC ignores it
      remote.store("cairn/stat/x.idx", new byte[] {1});
      Oid root = dir(cache, remote, 700);

      RemoteStatus status = Transfer.builder(cache, remote).build().status(List.of(root));

      assertThat(status.onRemote()).isEqualTo(700);
      assertThat(status.missingOnRemote()).hasSize(FILES - 700 + 1); // and the .dir
      assertThat(requests(remote, "list")).isEqualTo(1 + 256); // one shard to estimate, then each
      // only the .dir was asked about on its own
      assertThat(remote.requests()).filteredOn(r -> r.kind().equals("existing")).hasSize(1);
    }
  }

  @Test
  void status_againstARemoteFarLargerThanTheObjects_asksForEach() {
    Cache cache = Cache.at(tmp.resolve("cache"));
    try (InMemoryRemote remote = new InMemoryRemote()) {
      Oid root = dir(cache, remote, 10);
      // about 128 objects per shard folder: 32,768 objects, more than 8 per object asked about
      for (int i = 0; i < 128 * 256; i++) {
        remote.store(Layout.DVC3.key(TransferTest.md5("other " + i)), new byte[0]);
      }

      RemoteStatus status = Transfer.builder(cache, remote).build().status(List.of(root));

      assertThat(status.onRemote()).isEqualTo(10);
      assertThat(requests(remote, "list")).isEqualTo(1); // the estimate only
      assertThat(requests(remote, "existing")).isGreaterThan(1);
    }
  }

  @Test
  void oidOf_readsObjectKeys_andNothingElse() {
    Oid oid = TransferTest.md5("x");
    assertThat(RemoteListing.oidOf(Layout.DVC3, Layout.DVC3.key(oid))).isEqualTo(oid);
    Oid dir = Oid.parse(oid.md5() + ".dir");
    assertThat(RemoteListing.oidOf(Layout.DVC3, Layout.DVC3.key(dir))).isEqualTo(dir);
    assertThat(RemoteListing.oidOf(Layout.DVC3, "files/md5/ab")).isNull();
    assertThat(RemoteListing.oidOf(Layout.DVC3, "files/md5/abc/def")).isNull();
    assertThat(RemoteListing.oidOf(Layout.DVC3, "cairn/stat/0123.idx")).isNull();
  }
}

package dev.cairn.core.hash;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * An open-addressing table of state records held in one {@code long[]}, so millions of entries cost
 * 48 bytes each and no objects. A record is (64-bit path hash, size, mtime ns, inode, md5 high, md5
 * low); a lookup hits only if every field of the key matches. The path hash is 64-bit FNV-1a over
 * the path's UTF-16 chars, finished with MurmurHash3's 64-bit mixer: cheap enough for a lookup per
 * file (an MD5 per path cost a fifth of a warm {@code add}). A hit additionally needs the same
 * size, mtime and inode, and two live paths with the same inode are links to the same content, so a
 * hash collision can cost a re-hash but never a wrong hash. Synchronised: shared by the hashing
 * threads.
 */
final class StateTable {
  static final int LONGS = 6;

  private long[] slots;
  private int capacity;
  private int count;

  StateTable() {
    capacity = 1024;
    slots = new long[capacity * LONGS];
  }

  static long pathHash(String path) {
    long hash = 0xcbf2_9ce4_8422_2325L;
    for (int i = 0; i < path.length(); i++) {
      hash ^= path.charAt(i);
      hash *= 0x100_0000_01b3L;
    }
    hash ^= hash >>> 33;
    hash *= 0xff51_afd7_ed55_8ccdL;
    hash ^= hash >>> 33;
    hash *= 0xc4ce_b9fe_1a85_ec53L;
    hash ^= hash >>> 33;
    return hash == 0 ? 1 : hash; // 0 marks an empty slot
  }

  /** A record for a key and an md5, in the layout of the table and of the log. */
  static long[] record(StateCache.Key key, Oid oid) {
    byte[] md5 = HexFormat.of().parseHex(oid.md5());
    ByteBuffer bytes = ByteBuffer.wrap(md5);
    return new long[] {
      pathHash(key.path()),
      key.size(),
      key.mtimeNanos(),
      key.inode(),
      bytes.getLong(),
      bytes.getLong()
    };
  }

  @Nullable Oid get(StateCache.Key key) {
    long hash = pathHash(key.path());
    long md5High;
    long md5Low;
    synchronized (this) {
      int base = find(hash) * LONGS;
      if (slots[base] != hash
          || slots[base + 1] != key.size()
          || slots[base + 2] != key.mtimeNanos()
          || slots[base + 3] != key.inode()) {
        return null;
      }
      md5High = slots[base + 4];
      md5Low = slots[base + 5];
    }
    byte[] md5 = ByteBuffer.allocate(16).putLong(md5High).putLong(md5Low).array();
    return Oid.ofFile(HexFormat.of().formatHex(md5));
  }

  /** Stores a record (replacing the record of the same path). */
  synchronized void put(long[] record) {
    if ((count + 1) * 10L > capacity * 7L) {
      grow();
    }
    int base = find(record[0]) * LONGS;
    if (slots[base] == 0) {
      count++;
    }
    System.arraycopy(record, 0, slots, base, LONGS);
  }

  synchronized int size() {
    return count;
  }

  /** Calls {@code sink} with every record (a reused array). */
  synchronized void forEach(java.util.function.Consumer<long[]> sink) {
    long[] record = new long[LONGS];
    for (int slot = 0; slot < capacity; slot++) {
      if (slots[slot * LONGS] != 0) {
        System.arraycopy(slots, slot * LONGS, record, 0, LONGS);
        sink.accept(record);
      }
    }
  }

  private int find(long hash) {
    int mask = capacity - 1;
    int slot = (int) (hash ^ (hash >>> 32)) & mask;
    while (slots[slot * LONGS] != 0 && slots[slot * LONGS] != hash) {
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  private void grow() {
    long[] old = slots;
    int oldCapacity = capacity;
    capacity *= 2;
    slots = new long[capacity * LONGS];
    for (int slot = 0; slot < oldCapacity; slot++) {
      long hash = old[slot * LONGS];
      if (hash != 0) {
        System.arraycopy(old, slot * LONGS, slots, find(hash) * LONGS, LONGS);
      }
    }
  }
}

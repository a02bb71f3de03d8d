package dev.cairn.core.hash;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The entries of a {@link StatIndex} in flat arrays (relpaths as UTF-8 in one byte array, an
 * open-addressing table of entry numbers), about 60 bytes per file plus the relpath: a million
 * files fit in well under 100 MiB. Filled by one thread, then only read.
 */
final class StatTable {
  private byte[] names = new byte[1 << 12];
  private int namesLength;
  private int[] nameStart = new int[65];
  private long[] sizes = new long[64];
  private long[] mtimes = new long[64];
  private long[] inodes = new long[64];
  private byte[] md5s = new byte[64 * 16];
  private int count;
  private int added;
  private int[] slots = new int[128]; // entry number + 1; 0 is empty

  /** Adds an entry; a relpath listed again replaces the earlier entry. */
  void add(byte[] relpath, long size, long mtimeNanos, long inode, byte[] md5) {
    added++;
    int existing = find(relpath);
    int i = existing >= 0 ? existing : append(relpath);
    sizes[i] = size;
    mtimes[i] = mtimeNanos;
    inodes[i] = inode;
    System.arraycopy(md5, 0, md5s, i * 16, 16);
  }

  private int append(byte[] relpath) {
    if (count == sizes.length) {
      int capacity = count * 2;
      nameStart = Arrays.copyOf(nameStart, capacity + 1);
      sizes = Arrays.copyOf(sizes, capacity);
      mtimes = Arrays.copyOf(mtimes, capacity);
      inodes = Arrays.copyOf(inodes, capacity);
      md5s = Arrays.copyOf(md5s, capacity * 16);
    }
    if (namesLength + relpath.length > names.length) {
      names = Arrays.copyOf(names, Math.max(names.length * 2, namesLength + relpath.length));
    }
    System.arraycopy(relpath, 0, names, namesLength, relpath.length);
    namesLength += relpath.length;
    int i = count++;
    nameStart[i + 1] = namesLength;
    if (count * 2 > slots.length) {
      rehash(slots.length * 2);
    } else {
      insert(i, relpath);
    }
    return i;
  }

  private void rehash(int capacity) {
    slots = new int[capacity];
    for (int i = 0; i < count; i++) {
      insert(i, Arrays.copyOfRange(names, nameStart[i], nameStart[i + 1]));
    }
  }

  private void insert(int entry, byte[] relpath) {
    int mask = slots.length - 1;
    int slot = Arrays.hashCode(relpath) & mask;
    while (slots[slot] != 0) {
      slot = (slot + 1) & mask;
    }
    slots[slot] = entry + 1;
  }

  /** The entry number of {@code relpath}, or -1. */
  int find(byte[] relpath) {
    int mask = slots.length - 1;
    for (int slot = Arrays.hashCode(relpath) & mask; slots[slot] != 0; slot = (slot + 1) & mask) {
      int i = slots[slot] - 1;
      if (Arrays.equals(names, nameStart[i], nameStart[i + 1], relpath, 0, relpath.length)) {
        return i;
      }
    }
    return -1;
  }

  int size() {
    return count;
  }

  /** Entries added, counting replaced ones. */
  int added() {
    return added;
  }

  long size(int i) {
    return sizes[i];
  }

  long mtimeNanos(int i) {
    return mtimes[i];
  }

  long inode(int i) {
    return inodes[i];
  }

  Oid oid(int i) {
    return Oid.ofFile(HexFormat.of().formatHex(md5s, i * 16, i * 16 + 16));
  }
}

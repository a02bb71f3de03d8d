package dev.cairn.core.remote.cloud;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Which keys exist, by whichever costs fewer requests per directory: one metadata request per key
 * where a directory ({@code files/md5/ab/}) has few wanted keys, one listing of the directory where
 * it has many.
 */
public final class Existence {
  /** From this many wanted keys in one directory, listing it is cheaper than asking per key. */
  static final int LIST_FROM = 8;

  private Existence() {}

  /**
   * The subset of {@code keys} that exists.
   *
   * @param exists asks for one key
   * @param list lists the keys starting with a prefix
   */
  public static Set<String> existing(
      Collection<String> keys,
      ParallelTasks tasks,
      Predicate<String> exists,
      BiConsumer<String, Consumer<String>> list) {
    Map<String, List<String>> byDir = new TreeMap<>();
    for (String key : new LinkedHashSet<>(keys)) {
      int slash = key.lastIndexOf('/');
      byDir.computeIfAbsent(key.substring(0, slash + 1), d -> new ArrayList<>()).add(key);
    }
    Set<String> found = ConcurrentHashMap.newKeySet();
    List<Callable<Void>> work = new ArrayList<>();
    for (Map.Entry<String, List<String>> dir : byDir.entrySet()) {
      if (dir.getValue().size() >= LIST_FROM) {
        Set<String> wanted = new HashSet<>(dir.getValue());
        work.add(
            () -> {
              list.accept(
                  dir.getKey(),
                  k -> {
                    if (wanted.contains(k)) {
                      found.add(k);
                    }
                  });
              return null;
            });
      } else {
        for (String key : dir.getValue()) {
          work.add(
              () -> {
                if (exists.test(key)) {
                  found.add(key);
                }
                return null;
              });
        }
      }
    }
    if (!work.isEmpty()) {
      tasks.runAll(work);
    }
    return found;
  }
}

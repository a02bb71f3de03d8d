package dev.cairn.core.odb;

import dev.cairn.core.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How a cached object is materialised in a workspace, as DVC's {@code cache.type} names them. The
 * configured list is tried in order; a type the file system refuses falls back to the next
 * (specs/dvc-format.md §7).
 *
 * <p>{@link #REFLINK} needs the {@code FICLONE} ioctl, which the JDK does not expose; Cairn treats
 * it as unsupported everywhere and falls back, as DVC does on a file system without reflinks.
 */
public enum LinkType {
  REFLINK,
  HARDLINK,
  SYMLINK,
  COPY;

  /** DVC's default {@code cache.type}: {@code reflink,copy}, which in Cairn means copy. */
  public static final List<LinkType> DEFAULT = List.of(REFLINK, COPY);

  /**
   * Parses a {@code cache.type} value such as {@code "hardlink,symlink"} (commas and spaces).
   *
   * @throws InvalidInputException on an unknown or empty list
   */
  public static List<LinkType> parseList(String cacheType) {
    List<LinkType> types = new ArrayList<>();
    for (String part : cacheType.split("[,\\s]+", -1)) {
      if (part.isEmpty()) {
        continue;
      }
      LinkType type;
      try {
        type = valueOf(part.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException(
            "Cannot read cache.type: '"
                + cacheType
                + "' (expected a comma-separated list of reflink, hardlink, symlink, copy)",
            e);
      }
      if (!types.contains(type)) {
        types.add(type);
      }
    }
    if (types.isEmpty()) {
      throw new InvalidInputException(
          "Cannot read cache.type: '" + cacheType + "' (expected at least one link type)");
    }
    return List.copyOf(types);
  }

  /** The name DVC writes in {@code cache.type}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}

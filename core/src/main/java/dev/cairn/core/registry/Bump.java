package dev.cairn.core.registry;

/** Which part of the latest registered version an automatic version increments. */
public enum Bump {
  MAJOR,
  MINOR,
  PATCH
}

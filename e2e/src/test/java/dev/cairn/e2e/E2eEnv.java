package dev.cairn.e2e;

/** The environment {@code e2e/cluster/up} describes (its {@code e2e.env}, exported by bin/test). */
final class E2eEnv {
  private E2eEnv() {}

  static String require(String name) {
    String value = System.getenv(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          name + " is not set: run the suite through bin/test, or export .cluster/e2e.env");
    }
    return value;
  }
}

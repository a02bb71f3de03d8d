package dev.cairn.cli.registry;

import java.util.List;

/** Plain aligned columns, header first. */
final class Table {
  private Table() {}

  static String render(List<List<String>> rows) {
    int cols = rows.get(0).size();
    int[] width = new int[cols];
    for (List<String> row : rows) {
      for (int i = 0; i < cols; i++) {
        width[i] = Math.max(width[i], row.get(i).length());
      }
    }
    StringBuilder sb = new StringBuilder();
    for (List<String> row : rows) {
      for (int i = 0; i < cols; i++) {
        String cell = row.get(i);
        sb.append(i + 1 < cols ? cell + " ".repeat(width[i] - cell.length() + 2) : cell);
      }
      sb.append('\n');
    }
    return sb.toString().stripTrailing();
  }
}

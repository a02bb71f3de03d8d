package dev.cairn.steps.common;

import java.util.ArrayList;
import java.util.List;

/** A small Markdown document: a title, a two-column table and notes, for step summaries. */
public final class Markdown {
  private final String title;
  private final List<String[]> rows = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  private Markdown(String title) {
    this.title = title;
  }

  public static Markdown titled(String title) {
    return new Markdown(title);
  }

  /** Adds a table row. */
  public Markdown row(String key, Object value) {
    rows.add(new String[] {key, String.valueOf(value)});
    return this;
  }

  /** Adds a bullet below the table. */
  public Markdown note(String text) {
    notes.add(text);
    return this;
  }

  /** The document. */
  public String render() {
    StringBuilder out = new StringBuilder("## ").append(escape(title)).append("\n\n");
    if (!rows.isEmpty()) {
      out.append("| | |\n|---|---|\n");
      for (String[] row : rows) {
        out.append("| ").append(escape(row[0])).append(" | ").append(escape(row[1])).append(" |\n");
      }
      out.append('\n');
    }
    for (String note : notes) {
      out.append("- ").append(escape(note)).append('\n');
    }
    return out.toString();
  }

  private static String escape(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }
}

package dev.cairn.core.dvc;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.InvalidInputException;
import dev.cairn.core.hash.Oid;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DvcFileTest {
  private static final Oid FOO = Oid.parse("acbd18db4cc2f85cedef654fccc4a4d8");

  // tests/func/test_move.py::test_move_meta
  private static final String SINGLE_WITH_META =
      """
      outs:
      - md5: acbd18db4cc2f85cedef654fccc4a4d8
        size: 3
        hash: md5
        path: bar
      meta:
        custom_key: 42
      """;

  // tests/func/test_install.py::test_merge_driver_no_ancestor
  private static final String DIRECTORY =
      """
      outs:
      - md5: 5ea40360f5b4ec688df672a4db9c17d1.dir
        size: 6
        nfiles: 2
        hash: md5
        path: data
      """;

  // tests/func/test_move.py::test_import (stage md5 and rev_lock stand in)
  private static final String IMPORT =
      """
      md5: 0123456789abcdef0123456789abcdef
      frozen: true
      deps:
      - path: foo
        repo:
          url: .
          rev_lock: 2c3e1d2f5a1f1e0c9d8b7a6f5e4d3c2b1a0f9e8d
      outs:
      - md5: acbd18db4cc2f85cedef654fccc4a4d8
        size: 3
        hash: md5
        path: foo_moved
      """;

  private static final String LEGACY =
      """
      outs:
      - md5: acbd18db4cc2f85cedef654fccc4a4d8
        size: 3
        path: foo
      """;

  @Test
  void parse_singleFileWithMeta_readsEveryField() {
    DvcFile file = DvcFile.parse(SINGLE_WITH_META, "bar.dvc");

    Output out = file.outs().get(0);
    assertThat(out.path()).isEqualTo("bar");
    assertThat(out.oid()).isEqualTo(FOO);
    assertThat(out.size()).isEqualTo(3L);
    assertThat(out.nfiles()).isNull();
    assertThat(out.isexec()).isFalse();
    assertThat(out.legacy()).isFalse();
    assertThat(out.hashName()).isEqualTo("md5");
    assertThat(out.fields()).isEmpty();
    assertThat(file.meta()).containsExactly(Map.entry("custom_key", 42L));
  }

  @Test
  void toText_freshSingleFileWithMeta_matchesDvcText() {
    DvcFile file =
        DvcFile.of(List.of(Output.file("bar", FOO, 3))).withMeta(Map.of("custom_key", 42));

    assertThat(file.toText()).isEqualTo(SINGLE_WITH_META);
  }

  @Test
  void toText_freshDirectory_matchesDvcText() {
    Output dir = Output.directory("data", Oid.parse("5ea40360f5b4ec688df672a4db9c17d1.dir"), 6, 2);

    assertThat(DvcFile.of(List.of(dir)).toText()).isEqualTo(DIRECTORY);
    assertThat(DvcFile.parse(DIRECTORY, "data.dvc").outs()).containsExactly(dir);
  }

  @Test
  void toText_freshExecutable_writesIsexecBeforeHash() {
    Output exec = Output.file("run.sh", FOO, 3).withExecutable(true);

    assertThat(DvcFile.of(List.of(exec)).toText())
        .isEqualTo(
            """
            outs:
            - md5: acbd18db4cc2f85cedef654fccc4a4d8
              size: 3
              isexec: true
              hash: md5
              path: run.sh
            """);
  }

  @Test
  void toText_freshImport_usesDvcTopLevelOrder() {
    DvcFile parsed = DvcFile.parse(IMPORT, "foo_moved.dvc");
    Map<String, Object> repo = new LinkedHashMap<>();
    repo.put("url", ".");
    repo.put("rev_lock", "2c3e1d2f5a1f1e0c9d8b7a6f5e4d3c2b1a0f9e8d");
    Output dep = new Output("foo", null, null, null, false, true, Map.of("repo", repo));

    DvcFile fresh =
        DvcFile.of(List.of(Output.file("foo_moved", FOO, 3)))
            .withDeps(List.of(dep))
            .withField("frozen", true)
            .withField("md5", "0123456789abcdef0123456789abcdef");

    assertThat(fresh.toText()).isEqualTo(IMPORT);
    assertThat(parsed.deps()).containsExactly(dep);
    assertThat(parsed.fields()).containsEntry("frozen", true);
    assertThat(parsed.toText()).isEqualTo(IMPORT);
  }

  @Test
  void parse_legacyEntry_isRecognisedAndRedumpedUnchanged() {
    DvcFile file = DvcFile.parse(LEGACY, "foo.dvc");

    assertThat(file.outs().get(0).legacy()).isTrue();
    assertThat(file.outs().get(0).hashName()).isEqualTo("md5-dos2unix");
    assertThat(file.toText()).isEqualTo(LEGACY);
    assertThat(DvcFile.of(file.outs()).toText()).isEqualTo(LEGACY);
  }

  @Test
  void toText_legacyWithNewData_updatesInPlaceAndAppendsHash() {
    DvcFile file = DvcFile.parse(LEGACY, "foo.dvc");
    Output changed =
        file.outs().get(0).withData(Oid.parse("37b51d194a7513e45b56f6524f2d51f2"), 3, null);

    // what DVC's apply_diff produces (checked with dvc 3.67.1)
    assertThat(file.withOuts(List.of(changed)).toText())
        .isEqualTo(
            """
            outs:
            - md5: 37b51d194a7513e45b56f6524f2d51f2
              size: 3
              path: foo
              hash: md5
            """);
  }

  @Test
  void toText_existingFileWithCommentsAndFields_keepsThemAndAppendsNewKeys() {
    String old =
        """
        # top comment
        outs:
        - path: foo # out comment
          desc: out desc
          type: mytype
          labels:
          - label1
          - label2
          remote: testremote
          meta:
            key1: value1
            key2: value2
          hash: md5
        """;
    DvcFile file = DvcFile.parse(old, "foo.dvc");
    Output out = file.outs().get(0);
    assertThat(out.fields().keySet()).containsExactly("desc", "type", "labels", "remote", "meta");

    DvcFile updated =
        file.withOuts(List.of(out.withData(FOO, 3, null)))
            .withMeta(Map.of("lineage", Map.of("dataset", "d@v1")));

    // byte-identical to DVC's parse_yaml_for_update + apply_diff + dump (dvc 3.67.1)
    assertThat(updated.toText())
        .isEqualTo(
            """
            # top comment
            outs:
            - path: foo # out comment
              desc: out desc
              type: mytype
              labels:
              - label1
              - label2
              remote: testremote
              meta:
                key1: value1
                key2: value2
              hash: md5
              md5: acbd18db4cc2f85cedef654fccc4a4d8
              size: 3
            meta:
              lineage:
                dataset: d@v1
            """);
  }

  @Test
  void toText_unknownTopLevelAndEntryFields_arePreserved() {
    String text =
        """
        outs:
        - md5: acbd18db4cc2f85cedef654fccc4a4d8
          size: 3
          hash: md5
          path: foo
          x-owner: team-a
        x-custom:
          nested: [1, 2]
        """;
    DvcFile file = DvcFile.parse(text, "foo.dvc");

    assertThat(file.outs().get(0).fields()).containsEntry("x-owner", "team-a");
    assertThat(file.fields()).containsEntry("x-custom", Map.of("nested", List.of(1L, 2L)));
    assertThat(file.withMeta(Map.of("k", "v")).toText())
        .isEqualTo(
            """
            outs:
            - md5: acbd18db4cc2f85cedef654fccc4a4d8
              size: 3
              hash: md5
              path: foo
              x-owner: team-a
            x-custom:
              nested: [1, 2]
            meta:
              k: v
            """);
  }

  @Test
  void meta_nestedStructures_roundTrip() {
    Map<String, Object> lineage = new LinkedHashMap<>();
    lineage.put("dataset", Map.of("name", "churn-data", "version", "v0.0.7"));
    lineage.put("metrics", Map.of("auc", 0.93));
    lineage.put("params", List.of(Map.of("lr", 1e-05), "yes", 12, true));
    lineage.put("empty", List.of());
    lineage.put("nothing", null);
    DvcFile file =
        DvcFile.of(List.of(Output.file("m.pt", FOO, 3))).withMeta(Map.of("cairn", lineage));

    DvcFile back = DvcFile.parse(file.toText(), "m.pt.dvc");

    assertThat(back.meta()).isEqualTo(Plain.copyMap(Map.of("cairn", lineage)));
    assertThat(back.toText()).isEqualTo(file.toText());
    assertThat(file.toText()).contains("    - lr: 1e-05\n").contains("    - yes\n");
  }

  @ParameterizedTest
  @CsvSource(
      quoteCharacter = '"',
      delimiter = '|',
      value = {
        "12345678901234567890123456789012|'12345678901234567890123456789012'",
        "1234e567890123456789012345678901|'1234e567890123456789012345678901'",
        "01234567890123456789012345678901|'01234567890123456789012345678901'",
        "acbd18db4cc2f85cedef654fccc4a4d8|acbd18db4cc2f85cedef654fccc4a4d8",
      })
  void toText_md5ThatLooksLikeANumber_isSingleQuotedAndReadBack(String md5, String written) {
    DvcFile file = DvcFile.of(List.of(Output.file("foo", Oid.parse(md5), 3)));

    assertThat(file.toText()).contains("- md5: " + written + "\n");
    assertThat(DvcFile.parse(file.toText(), "x").outs().get(0).oid()).isEqualTo(Oid.parse(md5));
  }

  @Test
  void toText_blockScalarsAndNumberForms_keptAsWrittenLikeRuamel() {
    String text =
        """
        outs:
        - md5: acbd18db4cc2f85cedef654fccc4a4d8
          size: 3
          hash: md5
          path: f
          desc: |
            line one
            line two
        meta:
          hex: 0x1F
          big: 1_000
          ratio: 1.50
          when: 2024-01-01
        """;
    DvcFile file = DvcFile.parse(text, "f.dvc");

    assertThat(file.meta()).containsEntry("hex", 31L).containsEntry("big", 1000L);
    assertThat(file.meta()).containsEntry("ratio", 1.5).containsEntry("when", "2024-01-01");
    assertThat(file.withOuts(file.outs()).toText()).isEqualTo(text);
  }

  @Test
  void parse_unquotedAllDigitMd5_keepsLeadingZeros() {
    DvcFile file =
        DvcFile.parse(
            "outs:\n- md5: 01234567890123456789012345678901\n  hash: md5\n  path: f\n", "f.dvc");

    assertThat(file.outs().get(0).oid()).isEqualTo(Oid.parse("01234567890123456789012345678901"));
  }

  @ParameterizedTest
  @CsvSource(
      quoteCharacter = '"',
      delimiter = '|',
      value = {
        // the values ruamel.yaml 0.19 (DVC 3.67.1's dumper) writes; YAML 1.2 leaves yes/no/on plain
        "yes|yes",
        "no|no",
        "on|on",
        "null|'null'",
        "true|'true'",
        "~|'~'",
        "2024-01-01|'2024-01-01'",
        "0x1F|'0x1F'",
        "1e3|'1e3'",
        "#x|'#x'",
        "- x|'- x'",
        "a: b|'a: b'",
        "it's|it's",
        "ünï côdé.txt|ünï côdé.txt",
        "data/my file.csv|data/my file.csv",
      })
  void toText_pathNeedingQuotes_isQuotedLikeRuamel(String path, String written) {
    String text = DvcFile.of(List.of(Output.file(path, FOO, 3))).toText();

    assertThat(text).endsWith("  path: " + written + "\n");
    assertThat(DvcFile.parse(text, "x").outs().get(0).path()).isEqualTo(path);
  }

  @Test
  void toText_specialStrings_useRuamelQuotingAndEscapes() {
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("empty", "");
    meta.put("tab", "a\tb");
    meta.put("newline", "a\nb");
    meta.put("lead", " x");
    meta.put("quote", "it's \"q\"");
    meta.put("1", "numeric key");
    String text = DvcFile.of(List.of(Output.file("f", FOO, 3))).withMeta(meta).toText();

    assertThat(text)
        .endsWith(
            """
            meta:
              empty: ''
              tab: "a\\tb"
              newline: "a\\nb"
              lead: ' x'
              quote: it's "q"
              '1': numeric key
            """);
    assertThat(DvcFile.parse(text, "x").meta()).isEqualTo(meta);
  }

  @Test
  void toText_longValues_foldLikeRuamel() {
    String words = String.join(" ", java.util.Collections.nCopies(22, "word"));
    String longWord = "a".repeat(90);
    String text =
        DvcFile.of(List.of(Output.file(longWord, FOO, 3).withField("desc", words))).toText();

    // ruamel moves a word longer than the line to its own line and folds at column 80
    assertThat(text)
        .isEqualTo(
            "outs:\n- md5: acbd18db4cc2f85cedef654fccc4a4d8\n  size: 3\n  hash: md5\n  path: \n    "
                + longWord
                + "\n  desc: word word word word word word word word word word word word word word"
                + " \n    word word word word word word word word\n");
    DvcFile back = DvcFile.parse(text, "x");
    assertThat(back.outs().get(0).path()).isEqualTo(longWord);
    assertThat(back.outs().get(0).fields()).containsEntry("desc", words);
    assertThat(back.toText()).isEqualTo(text);
  }

  @Test
  void writeAndRead_file_roundTripsAtomically(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("data.dvc");
    DvcFile.of(List.of(Output.file("dätä", FOO, 3))).write(file);

    assertThat(Files.readString(file, UTF_8)).contains("path: dätä\n");
    assertThat(DvcFile.read(file).outs().get(0).path()).isEqualTo("dätä");
    try (var listing = Files.list(dir)) {
      assertThat(listing).containsExactly(file);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "outs: [unclosed",
        "outs:\n- md5: 'abc\n",
        "outs:\n\t- path: x\n",
        "- just\n- a list\n",
        "outs: foo\n",
        "outs:\n- just-a-string\n",
        "outs:\n- md5: acbd18db4cc2f85cedef654fccc4a4d8\n  hash: md5\n",
        "outs:\n- md5: xyz\n  hash: md5\n  path: f\n",
        "outs:\n- md5: acbd18db4cc2f85cedef654fccc4a4d8\n  hash: sha256\n  path: f\n",
        "outs:\n- md5: acbd18db4cc2f85cedef654fccc4a4d8\n  size: -1\n  hash: md5\n  path: f\n",
        "outs:\n- md5: acbd18db4cc2f85cedef654fccc4a4d8\n  size: big\n  hash: md5\n  path: f\n",
        "outs:\n- md5: acbd18db4cc2f85cedef654fccc4a4d8\n  isexec: maybe\n  path: f\n",
        "outs:\n- path: f\n  path: g\n",
        "meta: 5\nouts:\n- path: f\n",
        "",
      })
  void parse_malformed_throwsInvalidInputNamingTheFile(String text) {
    assertThatThrownBy(() -> DvcFile.parse(text, "bad.dvc"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("Cannot read .dvc file: bad.dvc (")
        .hasMessageEndingWith("; fix the file or re-create it with dvc add)")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void parse_unknownHashName_saysOnlyMd5IsSupported() {
    assertThatThrownBy(
            () ->
                DvcFile.parse(
                    "outs:\n- md5: acbd18db4cc2f85cedef654fccc4a4d8\n  hash: sha256\n  path: f\n",
                    "f.dvc"))
        .hasMessageContaining("uses hash 'sha256', but only md5 is supported");
  }

  @Test
  void read_missingFile_throwsInvalidInput(@TempDir Path dir) {
    assertThatThrownBy(() -> DvcFile.read(dir.resolve("nope.dvc")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("no such file");
  }

  @Test
  void parse_anchorsAndAliases_areRefusedWithAClearMessage() {
    assertThatThrownBy(
            () ->
                DvcFile.parse(
                    "meta:\n  a: &x hello\n  b: *x\nouts:\n- hash: md5\n  path: f\n", "f.dvc"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("anchors and aliases are not supported");
  }

  @Test
  void parse_tags_fallBackToFullYamlReader() {
    DvcFile file = DvcFile.parse("meta:\n  a: !!str 12\nouts:\n- hash: md5\n  path: f\n", "f.dvc");

    assertThat(file.meta()).containsEntry("a", "12");
  }

  @Test
  void parse_flowAndQuotedAndBlockScalars_areRead() {
    DvcFile file =
        DvcFile.parse(
            """
            outs:
            - md5: "ACBD18DB4CC2F85CEDEF654FCCC4A4D8"
              hash: 'md5'
              path: "f\\u00e9"
              labels: [a, 'b c', "d"]
              desc: |
                line one
                line two
              meta: {k: 1, j: [true, null]}
            """,
            "f.dvc");
    Output out = file.outs().get(0);

    assertThat(out.oid()).isEqualTo(FOO);
    assertThat(out.path()).isEqualTo("fé");
    assertThat(out.fields().get("labels")).isEqualTo(List.of("a", "b c", "d"));
    assertThat(out.fields().get("desc")).isEqualTo("line one\nline two\n");
    assertThat(out.fields().get("meta"))
        .isEqualTo(Plain.copy(Map.of("k", 1L, "j", java.util.Arrays.asList(true, null))));
  }
}

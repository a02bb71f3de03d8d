package dev.cairn.core.hash;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.IntegrityException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Known-answer vectors asserted in DVC's and dvc-data's test suites (specs/dvc-format.md §8). */
class TreeTest {
  private static final String FOO = "acbd18db4cc2f85cedef654fccc4a4d8";
  private static final String BAR = "37b51d194a7513e45b56f6524f2d51f2";

  private static Tree.Entry e(String relpath, String md5) {
    return new Tree.Entry(relpath, Oid.ofFile(md5));
  }

  @Test
  void oid_fooBar_matchesDvcDataTestBuildDirectory() {
    Tree tree = Tree.of(List.of(e("foo", FOO), e("bar", BAR)));
    assertThat(tree.oid().value()).isEqualTo("5ea40360f5b4ec688df672a4db9c17d1.dir");
    assertThat(tree.entries()).extracting(Tree.Entry::relpath).containsExactly("bar", "foo");
  }

  @Test
  void toBytes_barBazNewlines_matchesLiteralObjectFromDvcData() {
    Tree tree =
        Tree.of(
            List.of(
                e("baz", "258622b1688250cb619f3c9ccaefb7eb"),
                e("bar", "c157a79031e1c40f85931829bc5fc552")));
    assertThat(new String(tree.toBytes(), US_ASCII))
        .isEqualTo(
            "[{\"md5\": \"c157a79031e1c40f85931829bc5fc552\", \"relpath\": \"bar\"}, "
                + "{\"md5\": \"258622b1688250cb619f3c9ccaefb7eb\", \"relpath\": \"baz\"}]");
    assertThat(tree.oid().value()).isEqualTo("1f69c66028c35037e8bf67e5bc4ceb6a.dir");
  }

  @Test
  void oid_nested_matchesDvcGetUrlGranular() {
    Tree tree =
        Tree.of(
            List.of(
                e("foo", FOO),
                e("nested/file", "8c7dd922ad47494fc02c388e12c00eac"),
                e("bar", BAR)));
    assertThat(tree.oid().value()).isEqualTo("5fc28ea78987408341668eba6525ebd1.dir");
  }

  @Test
  void oid_empty_isMd5OfEmptyList() {
    assertThat(Tree.of(List.of()).oid().value()).isEqualTo("d751713988987e9331980363e24189ce.dir");
  }

  @Test
  void order_isCodePointOrder_notUtf16() {
    // U+1F600 is a surrogate pair in UTF-16 (0xD83D...), which Java's compareTo puts before U+FF5E.
    Tree tree =
        Tree.of(List.of(e("\uD83D\uDE00", FOO), e("\uFF5E", BAR), e("a/b", FOO), e("a-b", BAR)));
    assertThat(tree.entries())
        .extracting(Tree.Entry::relpath)
        .containsExactly("a-b", "a/b", "\uFF5E", "\uD83D\uDE00");
    assertThat(new String(tree.toBytes(), US_ASCII))
        .contains("\"relpath\": \"\\uff5e\"")
        .contains("\"relpath\": \"\\ud83d\\ude00\"");
  }

  @Test
  void order_agreesWithComparingCodePointArrays_onRandomMixedStrings() {
    // surrogate pairs, lone surrogates, U+E000..U+FFFF and ASCII, with long shared prefixes
    char[] alphabet = {'a', 'b', '/', '\uD83D', '\uDE00', '\uDE01', '\uD800', '\uE000', '\uFF5E'};
    java.util.Random random = new java.util.Random(7);
    for (int n = 0; n < 20_000; n++) {
      String a = randomString(random, alphabet);
      String b =
          random.nextInt(4) == 0
              ? a + randomString(random, alphabet)
              : randomString(random, alphabet);
      int expected = java.util.Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());
      assertThat(Integer.signum(Tree.CODE_POINT_ORDER.compare(a, b)))
          .as("%s vs %s", a.codePoints().boxed().toList(), b.codePoints().boxed().toList())
          .isEqualTo(Integer.signum(expected));
    }
  }

  @Test
  void of_unsortedOrDuplicateInput_isSortedOrRejected() {
    assertThat(Tree.of(List.of(e("b", FOO), e("a", BAR))).entries())
        .extracting(Tree.Entry::relpath)
        .containsExactly("a", "b");
    assertThatThrownBy(() -> Tree.of(List.of(e("a", FOO), e("a", BAR))))
        .hasMessageContaining("duplicate relpath 'a'");
  }

  private static String randomString(java.util.Random random, char[] alphabet) {
    StringBuilder text = new StringBuilder("common/prefix/");
    int length = random.nextInt(6);
    for (int i = 0; i < length; i++) {
      text.append(alphabet[random.nextInt(alphabet.length)]);
    }
    return text.toString();
  }

  @Test
  void toBytes_escapesLikePythonJsonDumps() {
    Tree tree = Tree.of(List.of(e("q\"b\\s\u00e9\u007f\u0001/x y", FOO)));
    assertThat(new String(tree.toBytes(), US_ASCII))
        .isEqualTo(
            "[{\"md5\": \"" + FOO + "\", \"relpath\": \"q\\\"b\\\\s\\u00e9\\u007f\\u0001/x y\"}]");
  }

  @Test
  void parse_roundTripsAndIgnoresKeyOrderAndWhitespace() {
    byte[] text =
        ("[ {\"relpath\":\"foo\",\"md5\":\""
                + FOO
                + "\"},\n{\"md5\": \""
                + BAR
                + "\", \"relpath\": \"bar\"} ]")
            .getBytes(US_ASCII);
    Tree tree = Tree.parse(text, "test");
    assertThat(tree.oid().value()).isEqualTo("5ea40360f5b4ec688df672a4db9c17d1.dir");
    assertThat(Tree.parse(tree.toBytes(), "again")).isEqualTo(tree);
  }

  @Test
  void parse_malformed_throwsIntegrityNamingTheSource() {
    assertThatThrownBy(() -> Tree.parse("{\"md5\": 1}".getBytes(US_ASCII), "ab/cd.dir"))
        .isInstanceOf(IntegrityException.class)
        .hasMessageContaining("ab/cd.dir")
        .hasMessageContaining("corrupt");
    assertThatThrownBy(() -> Tree.parse("[{\"relpath\": \"x\"}]".getBytes(US_ASCII), "o"))
        .isInstanceOf(IntegrityException.class);
    assertThatThrownBy(
            () -> Tree.parse("[{\"md5\": \"zz\", \"relpath\": \"x\"}]".getBytes(US_ASCII), "o"))
        .isInstanceOf(IntegrityException.class);
  }

  @Test
  void of_duplicateRelpath_isRejected() {
    assertThatThrownBy(() -> Tree.of(List.of(e("a", FOO), e("a", BAR))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("duplicate");
  }

  @Test
  void parse_duplicateNulOrFileAlsoADirectory_isACorruptObjectNotAJavaError() {
    String dup =
        "[{\"md5\": \""
            + FOO
            + "\", \"relpath\": \"x\"}, {\"md5\": \""
            + BAR
            + "\", \"relpath\": \"x\"}]";
    String nul = "[{\"md5\": \"" + FOO + "\", \"relpath\": \"a\\u0000b\"}]";
    String both =
        "[{\"md5\": \""
            + FOO
            + "\", \"relpath\": \"x\"}, {\"md5\": \""
            + BAR
            + "\", \"relpath\": \"x/y\"}]";

    assertThatThrownBy(() -> Tree.parse(dup.getBytes(US_ASCII), "o1.dir"))
        .isInstanceOf(IntegrityException.class)
        .hasMessageContaining("duplicate relpath 'x'");
    assertThatThrownBy(() -> Tree.parse(nul.getBytes(US_ASCII), "o2.dir"))
        .isInstanceOf(IntegrityException.class)
        .hasMessageContaining("Cannot use relpath: 'a\\0b'");
    assertThatThrownBy(() -> Tree.parse(both.getBytes(US_ASCII), "o3.dir"))
        .isInstanceOf(IntegrityException.class)
        .hasMessageContaining("'x' is listed as a file and as the directory of 'x/y'");
  }

  @Test
  void toBytes_listingOfManyChunks_isOneJsonListWhoseMd5IsTheOid() throws Exception {
    // larger than the serialiser's 64 KiB chunks, with escaped names at the chunk seams
    List<Tree.Entry> entries = new java.util.ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      String name = (i % 7 == 0 ? "caf\u00e9 \"" : "f") + i + ".bin";
      entries.add(
          new Tree.Entry("d" + (i % 13) + "/" + name, Oid.parse(String.format("%032x", i))));
    }
    Tree tree = Tree.of(entries);
    byte[] json = tree.toBytes();

    assertThat(json.length).isGreaterThan(4 * 65536);
    String text = new String(json, US_ASCII);
    assertThat(text).startsWith("[{\"md5\": ").endsWith("\"}]").doesNotContain("}{");
    assertThat(text.split("\\}, \\{", -1)).hasSize(5000);
    assertThat(Tree.parse(json, "test")).isEqualTo(tree);
    String md5 =
        java.util.HexFormat.of()
            .formatHex(java.security.MessageDigest.getInstance("MD5").digest(json));
    assertThat(tree.oid().value()).isEqualTo(md5 + ".dir");
  }
}

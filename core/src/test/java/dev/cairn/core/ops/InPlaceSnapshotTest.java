package dev.cairn.core.ops;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.InvalidInputException;
import dev.cairn.core.remote.SourceObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InPlaceSnapshotTest {
  private static final String URL = "s3://data/raw";

  private static List<SourceObject> objects(String... relpaths) {
    List<SourceObject> list = new ArrayList<>();
    for (String relpath : relpaths) {
      list.add(new SourceObject(URL + "/" + relpath, relpath, 1, "\"etag\""));
    }
    return list;
  }

  @Test
  void plainRelpaths_areAccepted() {
    assertThatCode(
            () ->
                InPlaceSnapshot.checkRelpaths(
                    URL, objects("a.csv", "a.csv.bak", "ab/c", "caf\u00e9/x y.txt", ".hidden")))
        .doesNotThrowAnyException();
  }

  @Test
  void aKeyThatIsAlsoADirectory_isRefused() {
    assertThatThrownBy(() -> InPlaceSnapshot.checkRelpaths(URL, objects("a/b/c", "a/b")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("'a/b' is both an object and a directory of 'a/b/c'");
  }

  @Test
  void keysThatAreNotPlainPaths_areRefused() {
    for (String bad : List.of("a//b", "./a", "a/../b", "..", "sub/.dvcignore")) {
      assertThatThrownBy(() -> InPlaceSnapshot.checkRelpaths(URL, objects(bad)))
          .as(bad)
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("not a plain relative path");
    }
  }
}

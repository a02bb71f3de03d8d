package dev.cairn.core.dvc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.cairn.core.dvc.YamlNode.YMap;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A parsed YAML document with a mapping at the root, plus the comments after its last line. */
final class YamlDocument {
  final YMap root;
  final String trailer;

  YamlDocument(YMap root, String trailer) {
    this.root = root;
    this.trailer = trailer;
  }

  /**
   * Reads block-style YAML keeping comments and key order. Documents that use anchors, tags or
   * other features outside that subset are read through Jackson instead (comments then dropped).
   *
   * @throws YamlSyntaxException with a one-line reason when the text is not YAML or its root is not
   *     a mapping
   */
  static YamlDocument parse(String text, boolean keepStringForm) throws YamlSyntaxException {
    try {
      return new YamlParser(text, keepStringForm).parseDocument();
    } catch (YamlSyntaxException e) {
      if (!e.unsupported) {
        throw e;
      }
      return parseWithJackson(text);
    }
  }

  private static YamlDocument parseWithJackson(String text) throws YamlSyntaxException {
    JsonNode tree;
    try {
      tree = new ObjectMapper(new YAMLFactory()).readTree(text);
    } catch (IOException e) {
      String reason = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
      throw new YamlSyntaxException("not valid YAML: " + reason, false);
    }
    if (tree == null || tree.isMissingNode() || tree.isNull()) {
      return new YamlDocument(new YMap(), "");
    }
    if (!tree.isObject()) {
      throw new YamlSyntaxException("the top level is not a mapping", false);
    }
    return new YamlDocument((YMap) YamlNode.fromPlain(plain(tree)), "");
  }

  private static @Nullable Object plain(JsonNode node) {
    if (node.isObject()) {
      Map<String, @Nullable Object> map = new LinkedHashMap<>();
      node.properties().forEach(e -> map.put(e.getKey(), plain(e.getValue())));
      return map;
    }
    if (node.isArray()) {
      List<@Nullable Object> list = new ArrayList<>();
      node.forEach(item -> list.add(plain(item)));
      return list;
    }
    if (node.isNull()) {
      return null;
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isIntegralNumber()) {
      return node.bigIntegerValue();
    }
    if (node.isNumber()) {
      return node.doubleValue();
    }
    return node.asText();
  }

  String emit(boolean keepStringForm) {
    return YamlEmitter.emit(root, trailer, keepStringForm);
  }
}

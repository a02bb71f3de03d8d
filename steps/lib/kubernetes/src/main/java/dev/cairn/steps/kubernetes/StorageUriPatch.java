package dev.cairn.steps.kubernetes;

import dev.cairn.core.ConfigurationException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The JSON merge patch that points an InferenceService at a new model. KServe v1beta1 has two
 * predictor layouts: {@code spec.predictor.model.storageUri} (current) and {@code
 * spec.predictor.<framework>.storageUri} (older, e.g. {@code sklearn}). The patch sets the field in
 * every block the object already has; it adds a {@code model} block only if there is no framework
 * block, because KServe rejects a predictor with two implementations.
 *
 * @param patch the merge patch body
 * @param paths the fields it sets ({@code spec.predictor.model.storageUri}), for the summary
 * @param previous the storageUri the object had before, if any
 */
record StorageUriPatch(Map<String, Object> patch, List<String> paths, @Nullable String previous) {

  static final String MODEL = "model";
  private static final String STORAGE_URI = "storageUri";
  private static final Set<String> FRAMEWORKS =
      Set.of(
          "sklearn",
          "xgboost",
          "tensorflow",
          "pytorch",
          "triton",
          "onnx",
          "pmml",
          "lightgbm",
          "paddle",
          "huggingface");

  StorageUriPatch {
    patch = Map.copyOf(patch);
    paths = List.copyOf(paths);
  }

  /** The patch for {@code object} (the InferenceService as read from the API server). */
  static StorageUriPatch of(Map<String, Object> object, String storageUri, ServingTarget target) {
    Map<String, Object> predictor = KubeObjects.asMap(KubeObjects.at(object, "spec", "predictor"));
    if (predictor == null) {
      throw new ConfigurationException(
          "Cannot patch "
              + target
              + ": it has no spec.predictor (create it with a predictor first, then re-run)");
    }
    List<String> blocks = new ArrayList<>();
    String previous = null;
    for (Map.Entry<String, Object> entry : predictor.entrySet()) {
      Map<String, Object> block = KubeObjects.asMap(entry.getValue());
      String key = entry.getKey();
      if (block != null
          && (key.equals(MODEL) || FRAMEWORKS.contains(key) || block.containsKey(STORAGE_URI))) {
        blocks.add(key);
        if (previous == null && block.get(STORAGE_URI) instanceof String uri) {
          previous = uri;
        }
      }
    }
    if (blocks.isEmpty()) {
      blocks.add(MODEL);
    }
    Map<String, Object> predictorPatch = new LinkedHashMap<>();
    List<String> paths = new ArrayList<>();
    for (String block : blocks) {
      predictorPatch.put(block, Map.of(STORAGE_URI, storageUri));
      paths.add("spec.predictor." + block + "." + STORAGE_URI);
    }
    return new StorageUriPatch(
        Map.of("spec", Map.of("predictor", predictorPatch)), paths, previous);
  }
}

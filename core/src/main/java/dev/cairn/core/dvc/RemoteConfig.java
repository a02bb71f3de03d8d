package dev.cairn.core.dvc;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A remote from the DVC config ({@code ['remote "name"']}).
 *
 * @param name the remote's name, lowercased as DVC reads it
 * @param url the url; a local path is resolved against the folder of the config file that set it
 *     ({@code .dvc/}, or the global/system config folder) and {@code ~} is expanded, as DVC does; a
 *     {@code remote://base/sub} reference is replaced by {@code base}'s url joined with {@code sub}
 * @param options every key of the section (including {@code url}) in file order, list values joined
 *     with {@code ,}; path options (keyfile, credentialpath, configpath, cert_path, key_path,
 *     gdrive files) resolved like the url
 */
public record RemoteConfig(String name, String url, Map<String, String> options) {
  public RemoteConfig {
    if (name.isBlank() || url.isBlank()) {
      throw new IllegalArgumentException("Cannot create remote config: empty name or url");
    }
    options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
  }
}

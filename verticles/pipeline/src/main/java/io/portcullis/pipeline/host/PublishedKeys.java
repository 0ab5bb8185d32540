package io.portcullis.pipeline.host;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The public JSON Web Keys handlers published ({@code PluginServices.publishPublicKeys}), by source, for
 * {@code /.well-known/jwks.json}. A source published again replaces its keys; members that only private keys have are
 * dropped here once more, so a handler's mistake cannot leak a private key.
 */
public final class PublishedKeys {
  /** RFC 7518 private key members (RSA, EC, OKP) and the symmetric key value. */
  private static final Set<String> PRIVATE_MEMBERS = Set.of("d", "p", "q", "dp", "dq", "qi", "oth", "k");

  private final Map<String, List<Map<String, Object>>> bySource = new ConcurrentHashMap<>();

  void publish(String source, List<Map<String, Object>> keys) {
    if (keys == null || keys.isEmpty()) {
      bySource.remove(source);
      return;
    }
    List<Map<String, Object>> safe = new ArrayList<>(keys.size());
    for (Map<String, Object> key : keys) {
      if ("oct".equals(key.get("kty"))) {
        continue; // a symmetric key has no public half
      }
      Map<String, Object> copy = new java.util.LinkedHashMap<>(key);
      copy.keySet().removeAll(PRIVATE_MEMBERS);
      safe.add(Map.copyOf(copy));
    }
    bySource.put(source, List.copyOf(safe));
  }

  /** Every published key, sources in name order, each source's keys in the order published. */
  public List<Map<String, Object>> keys() {
    List<Map<String, Object>> all = new ArrayList<>();
    bySource.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> all.addAll(e.getValue()));
    return all;
  }
}

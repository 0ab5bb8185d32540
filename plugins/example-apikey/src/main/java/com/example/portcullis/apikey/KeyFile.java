package com.example.portcullis.apikey;

import io.portcullis.spi.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * The key file: one key per line, {@code <sha256 hex of the key> <subject> [scope,scope,...]}; {@code #} starts a
 * comment. Only hashes are stored, so the file is no secret in itself.
 */
final class KeyFile {
  record Entry(String hash, String subject, List<String> scopes) {
  }

  private final Map<String, Entry> byHash;

  private KeyFile(Map<String, Entry> byHash) {
    this.byHash = byHash;
  }

  static KeyFile read(String field, Path file) throws ConfigException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException(field, file.toString(), "a readable key file (" + e.getMessage() + ")");
    }
    Map<String, Entry> byHash = new HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] parts = line.split("\\s+");
      if (parts.length < 2 || !parts[0].matches("[0-9a-f]{64}")) {
        throw new ConfigException(field, file + ":" + (i + 1),
            "lines of the form '<sha256 hex> <subject> [scope,scope]'");
      }
      List<String> scopes = parts.length > 2 ? List.of(parts[2].split(",")) : List.of();
      byHash.put(parts[0], new Entry(parts[0], parts[1], scopes));
    }
    return new KeyFile(Map.copyOf(byHash));
  }

  /** Looks a presented key up by its hash; the final comparison is constant-time. */
  Entry find(String key) {
    String hash = DigestUtils.sha256Hex(key);
    Entry e = byHash.get(hash);
    if (e == null || !MessageDigest.isEqual(e.hash().getBytes(StandardCharsets.US_ASCII),
        hash.getBytes(StandardCharsets.US_ASCII))) {
      return null;
    }
    return e;
  }
}

package io.portcullis.plugins.builtin.authn;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The part of GJSON path syntax Oathkeeper configs use in {@code subject_from} and {@code extra_from}: dotted keys
 * ({@code identity.id}), array indexes ({@code devices.0.id}), {@code \.} for a dot inside a key, and {@code @this}
 * for the whole document.
 */
final class GjsonPath {
  private final List<String> parts;

  private GjsonPath(List<String> parts) {
    this.parts = parts;
  }

  static GjsonPath parse(String path) {
    if (path.equals("@this") || path.isEmpty()) {
      return new GjsonPath(List.of());
    }
    List<String> parts = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '\\' && i + 1 < path.length()) {
        cur.append(path.charAt(++i));
      } else if (c == '.') {
        parts.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    parts.add(cur.toString());
    return new GjsonPath(parts);
  }

  /** The value at this path, or null when there is none. */
  JsonNode get(JsonNode root) {
    JsonNode cur = root;
    for (String p : parts) {
      if (cur == null) {
        return null;
      }
      if (cur.isArray() && p.chars().allMatch(Character::isDigit) && !p.isEmpty()) {
        cur = cur.get(Integer.parseInt(p));
      } else if (cur.isObject()) {
        cur = cur.get(p);
      } else {
        return null;
      }
    }
    return cur;
  }
}
